package dev.cairn.oci.testing;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real CNCF distribution registry ({@code docker-registry}, Debian package) on a free loopback
 * port with filesystem storage in a temp dir and deletes enabled. Register it as
 * {@code @RegisterExtension static RegistryFixture registry = new RegistryFixture();}; it starts
 * before the class's tests and stops after them. Variants: {@link #withBasicAuth} (htpasswd,
 * bcrypt) and {@link #withTokenAuth} (distribution's {@code auth: token}). Can also be driven by
 * hand with {@link #start()} and {@link #stop()}.
 */
public final class RegistryFixture implements BeforeAllCallback, AfterAllCallback {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final Optional<String[]> basicAuth;
    private final Optional<String> tokenAuthYaml;
    private Path dir;
    private Process process;
    private int port;

    public RegistryFixture() {
        this(Optional.empty(), Optional.empty());
    }

    private RegistryFixture(Optional<String[]> basicAuth, Optional<String> tokenAuthYaml) {
        this.basicAuth = basicAuth;
        this.tokenAuthYaml = tokenAuthYaml;
    }

    /** A registry that wants HTTP Basic credentials {@code username}/{@code password} (htpasswd, bcrypt). */
    public static RegistryFixture withBasicAuth(String username, String password) {
        return new RegistryFixture(Optional.of(new String[] {username, password}), Optional.empty());
    }

    /** A registry that wants bearer tokens from {@code realm}, signed by a key whose certificate is in {@code rootCertBundle} (PEM). */
    public static RegistryFixture withTokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
        String yaml = "auth:\n  token:\n    realm: " + realm + "\n    service: " + service + "\n    issuer: " + issuer
                + "\n    rootcertbundle: " + rootCertBundle.toAbsolutePath() + "\n";
        return new RegistryFixture(Optional.empty(), Optional.of(yaml));
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        if (process == null) {
            throw new IllegalStateException("the registry is not running");
        }
        return "127.0.0.1:" + port;
    }

    /** A store for {@code repository} on this registry, with this fixture's credentials (if any). */
    public dev.cairn.oci.registry.RegistryStore store(String repository) {
        dev.cairn.oci.registry.Credentials credentials = basicAuth.<dev.cairn.oci.registry.Credentials>map(a -> new dev.cairn.oci.registry.Credentials.Basic(a[0], a[1]))
                .orElseGet(dev.cairn.oci.registry.Credentials::anonymous);
        return new dev.cairn.oci.registry.RegistryStore(new dev.cairn.oci.registry.RegistryClient(host(), credentials, Optional.empty(), options()), repository);
    }

    /** Options for tests: fast retries, short timeouts. */
    public static dev.cairn.oci.OciOptions options() {
        return dev.cairn.oci.OciOptions.defaults()
                .withRetry(new dev.cairn.oci.registry.RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2)))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    public String username() {
        return basicAuth.orElseThrow()[0];
    }

    public String password() {
        return basicAuth.orElseThrow()[1];
    }

    /** The registry's storage directory (for tests that inspect or corrupt what it stored). */
    public Path storage() {
        return dir.resolve("data");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run the project's test script (scripts/test), "
                    + "which installs the Debian package docker-registry (CNCF distribution 2.8)");
        }
        try {
            dir = Files.createTempDirectory("cairn-registry-");
            port = freePort();
            Files.writeString(dir.resolve("config.yml"), config(), StandardCharsets.UTF_8);
            process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            awaitReady();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is not worth failing a test run
            }
            dir = null;
        }
    }

    private String config() throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (basicAuth.isPresent()) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            String hash = OpenBSDBCrypt.generate("2y", basicAuth.get()[1].toCharArray(), salt, 5);
            Files.writeString(dir.resolve("htpasswd"), basicAuth.get()[0] + ":" + hash + "\n");
            yaml.append("auth:\n  htpasswd:\n    realm: cairn-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
        }
        tokenAuthYaml.ifPresent(yaml::append);
        return yaml.toString();
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("docker-registry did not answer /v2/ within " + STARTUP + ": " + log());
    }

    private String log() {
        try {
            String log = Files.readString(dir.resolve("registry.log"));
            return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
