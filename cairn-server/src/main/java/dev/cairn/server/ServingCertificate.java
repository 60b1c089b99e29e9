package dev.cairn.server;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The certificate the server presents, picked up again when its files change: cert-manager renews
 * the Secret well before expiry and the kubelet updates the mounted files, so a long-running pod
 * serves the new certificate without a restart. The files are looked at no more than every
 * {@link #CHECK_INTERVAL}, during a handshake; a pair that does not load keeps the previous one
 * (logged). Each loaded pair gets its own alias, so a handshake never mixes one pair's chain with
 * another's key.
 */
public final class ServingCertificate extends X509ExtendedKeyManager {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

    private final Optional<Path[]> files;
    private final Consumer<String> log;
    private final Map<String, TlsMaterial> byAlias = new ConcurrentHashMap<>();
    private volatile String alias;
    private volatile String stamp;
    private volatile long nextCheck;
    private int generation;

    private ServingCertificate(TlsMaterial material, Optional<Path[]> files, Consumer<String> log) {
        this.files = files;
        this.log = log;
        install(material);
        this.stamp = files.map(ServingCertificate::stamp).orElse("");
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL.toNanos();
    }

    /** A fixed pair (self-signed at start, or tests). */
    public static ServingCertificate of(TlsMaterial material) {
        return new ServingCertificate(material, Optional.empty(), s -> { });
    }

    /** PEM files, loaded now (an invalid pair throws) and reloaded when they change. */
    public static ServingCertificate fromFiles(Path cert, Path key, Consumer<String> log) {
        return new ServingCertificate(TlsMaterial.fromPem(cert, key), Optional.of(new Path[] {cert, key}), log);
    }

    public TlsMaterial current() {
        return byAlias.get(alias);
    }

    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.KEY, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The next handshake looks at the files, whatever the interval says (tests). */
    void checkSoon() {
        nextCheck = System.nanoTime();
    }

    private synchronized void install(TlsMaterial material) {
        String next = "serving-" + (++generation);
        byAlias.put(next, material);
        String previous = alias;
        alias = next;
        if (previous != null) {
            // handshakes in progress may still ask for the previous pair; keep exactly one back
            byAlias.keySet().removeIf(a -> !a.equals(next) && !a.equals(previous));
        }
    }

    private void refreshIfDue() {
        if (files.isEmpty() || System.nanoTime() - nextCheck < 0) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() - nextCheck < 0) {
                return;
            }
            nextCheck = System.nanoTime() + CHECK_INTERVAL.toNanos();
            Path[] f = files.get();
            String now = stamp(f);
            if (now.equals(stamp)) {
                return;
            }
            try {
                install(TlsMaterial.fromPem(f[0], f[1]));
                stamp = now;
                log.accept("cairn server: serving certificate reloaded from " + f[0]);
            } catch (CairnException e) {
                // e.g. the certificate written before the key: try again at the next check
                log.accept("cairn server: serving certificate not reloaded, keeping the previous one: " + e.getMessage());
            }
        }
    }

    private static String stamp(Path[] files) {
        StringBuilder s = new StringBuilder();
        for (Path f : files) {
            try {
                s.append(Files.getLastModifiedTime(f).toMillis()).append('/').append(Files.size(f)).append(';');
            } catch (IOException e) {
                s.append("missing;");
            }
        }
        return s.toString();
    }

    private String serverAlias(String keyType) {
        refreshIfDue();
        String a = alias;
        String algorithm = byAlias.get(a).key().getAlgorithm();
        boolean matches = keyType.equals(algorithm) || algorithm.equals("RSA") && keyType.startsWith("RSA")
                || algorithm.equals("EC") && keyType.startsWith("EC");
        return matches ? a : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return serverAlias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return serverAlias(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
        TlsMaterial m = byAlias.get(Objects.requireNonNullElse(a, ""));
        return m == null ? null : m.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
        TlsMaterial m = byAlias.get(Objects.requireNonNullElse(a, ""));
        return m == null ? null : m.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = serverAlias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
