package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.registry.RetryPolicy;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.server.AdmissionServer;
import dev.cairn.server.CacheSettings;
import dev.cairn.server.FailurePolicy;
import dev.cairn.server.KubernetesPolicySource;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.ServingCertificate;
import dev.cairn.server.TlsMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "server", description = "Serve the Kubernetes admission webhook (HTTPS: /mutate, /validate, /healthz, /readyz, /metrics).")
final class ServerCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8443", description = "Address and port to listen on (default ${DEFAULT-VALUE}; 0.0.0.0:8443 in a pod).")
    String listen;

    @Option(names = "--policy", arity = "1..*", description = "Policy files or directories (.yaml, .yml, .json); watched and reloaded all or nothing.")
    List<Path> policies;

    @Option(names = "--policy-from-cluster", description = "Also read the policy resources (Kyverno ClusterPolicy/Policy/ImageValidatingPolicy, ClusterImagePolicy) from the "
            + "cluster's API server, with the pod's service account; polled every --reload-interval.")
    boolean fromCluster;

    @Option(names = "--kube-api", description = "API server URL (https://HOST:PORT) to read policy resources from, out of a cluster; with --kube-token-file and --kube-ca-file.")
    java.net.URI kubeApi;

    @Option(names = "--kube-token-file", description = "Bearer token file for --kube-api (re-read on every poll).")
    Path kubeTokenFile;

    @Option(names = "--kube-ca-file", description = "CA bundle (PEM) that signed --kube-api's certificate.")
    Path kubeCaFile;

    @Option(names = "--policy-controller-namespace", description = "With the cluster source: read policy-controller's config-policy-controller ConfigMap from this namespace (e.g. cosign-system).")
    String policyControllerNamespace;

    @Option(names = "--tls-cert", description = "Serving certificate chain (PEM). Without it a self-signed certificate is made at start.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Serving private key (PEM, unencrypted).")
    Path tlsKey;

    @Option(names = "--tls-san", description = "DNS name or IP for the self-signed certificate (repeatable; default localhost and 127.0.0.1).")
    List<String> tlsSans;

    @Option(names = "--tls-out", description = "Directory to write the self-signed certificate (ca.crt, the caBundle) to (default: <tmp>/cairn-server).")
    Path tlsOut;

    @Option(names = "--cache-ttl", defaultValue = "5m", converter = DurationConverter.class, description = "How long a verified signature or attestation is reused (default ${DEFAULT-VALUE}; 0 disables).")
    Duration positiveTtl;

    @Option(names = "--negative-cache-ttl", defaultValue = "30s", converter = DurationConverter.class, description = "How long 'no valid signature' is reused (default ${DEFAULT-VALUE}).")
    Duration negativeTtl;

    @Option(names = "--tag-cache-ttl", defaultValue = "30s", converter = DurationConverter.class, description = "How long a tag's digest is reused (default ${DEFAULT-VALUE}).")
    Duration tagTtl;

    @Option(names = "--cache-size", defaultValue = "10000", description = "Entries per cache (default ${DEFAULT-VALUE}).")
    int cacheSize;

    @Option(names = "--registry-concurrency", defaultValue = "16", description = "Verifications running at once per registry (default ${DEFAULT-VALUE}).")
    int registryConcurrency;

    @Option(names = "--deadline", defaultValue = "8s", converter = DurationConverter.class, description = "Time per admission request, below the webhook's timeoutSeconds (default ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--failure-policy", defaultValue = "Fail", description = "Fail denies when a registry fails; Ignore admits with a warning (default ${DEFAULT-VALUE}).")
    String failurePolicy;

    @Option(names = "--reload-interval", defaultValue = "3s", converter = DurationConverter.class, description = "How often policy files (and the cluster's policy resources) are checked for changes (default ${DEFAULT-VALUE}).")
    Duration reloadInterval;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress address = address(listen);
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        FailurePolicy failure = switch (failurePolicy.toLowerCase(Locale.ROOT)) {
            case "fail" -> FailurePolicy.FAIL;
            case "ignore" -> FailurePolicy.IGNORE;
            default -> throw CairnException.invalid("--failure-policy must be Fail or Ignore, not '" + failurePolicy + "'");
        };
        Optional<KubernetesPolicySource.Connection> cluster = cluster();
        List<Path> paths = policies == null ? List.of() : policies;
        if (paths.isEmpty() && cluster.isEmpty()) {
            throw CairnException.invalid("give --policy FILE_OR_DIR..., --policy-from-cluster, or both");
        }
        Optional<TlsMaterial> selfSigned = selfSigned();
        ServingCertificate tls = selfSigned.map(ServingCertificate::of).orElseGet(() -> ServingCertificate.fromFiles(tlsCert, tlsKey, log::println));
        ServerConfig config = ServerConfig.defaults(address, paths, tls).withCluster(cluster)
                .withCache(new CacheSettings(positiveTtl, negativeTtl, tagTtl, cacheSize, registryConcurrency))
                .withDeadline(deadline).withFailurePolicy(failure).withReloadInterval(reloadInterval);
        // Registry calls run in the background past a request's deadline; keep them bounded.
        OciOptions oci = registry.options().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        AdmissionServer server = AdmissionServer.start(config, PolicyLoader.standard(), new RegistryVerifications(oci), log);
        // Written once the policies loaded and the server listens: a server that refused to start leaves none.
        try {
            selfSigned.ifPresent(material -> publish(material, err));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        InetSocketAddress bound = server.address();
        err.println("cairn server: listening on https://" + bound.getHostString() + ":" + bound.getPort()
                + " (POST /mutate, /validate; GET /healthz, /readyz, /metrics)");
        err.flush();
        stopped.await();
        return 0;
    }

    private Optional<KubernetesPolicySource.Connection> cluster() {
        boolean explicit = kubeApi != null || kubeTokenFile != null || kubeCaFile != null;
        Optional<String> ns = Optional.ofNullable(policyControllerNamespace);
        if (explicit) {
            if (kubeApi == null || kubeTokenFile == null || kubeCaFile == null) {
                throw CairnException.invalid("--kube-api, --kube-token-file and --kube-ca-file go together");
            }
            return Optional.of(new KubernetesPolicySource.Connection(kubeApi, kubeTokenFile, kubeCaFile, ns));
        }
        if (fromCluster) {
            return Optional.of(KubernetesPolicySource.Connection.inCluster(System.getenv(), ns));
        }
        if (ns.isPresent()) {
            throw CairnException.invalid("--policy-controller-namespace needs --policy-from-cluster or --kube-api");
        }
        return Optional.empty();
    }

    /** A self-signed serving certificate for the --tls-san names, or empty when --tls-cert and --tls-key give one. */
    private Optional<TlsMaterial> selfSigned() {
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw CairnException.invalid("--tls-cert and --tls-key go together");
            }
            return Optional.empty();
        }
        List<String> ips = sans().stream().filter(ServerCommand::isIp).toList();
        List<String> dns = sans().stream().filter(s -> !isIp(s)).toList();
        return Optional.of(TlsMaterial.selfSigned(dns, ips));
    }

    private List<String> sans() {
        return tlsSans == null || tlsSans.isEmpty() ? List.of("localhost", "127.0.0.1") : tlsSans;
    }

    /** Writes the self-signed certificate (the webhook's caBundle) to --tls-out and says where. */
    private void publish(TlsMaterial tls, PrintWriter err) {
        Path dir = tlsOut != null ? tlsOut : Path.of(System.getProperty("java.io.tmpdir"), "cairn-server");
        Path ca = dir.resolve("ca.crt");
        try {
            Files.createDirectories(dir);
            Files.writeString(ca, tls.certificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw CairnException.io("cannot write the self-signed certificate to " + ca + ": " + e.getMessage(), e);
        }
        err.println("cairn server: self-signed certificate for " + String.join(", ", sans()) + " written to " + ca);
        err.println("cairn server: caBundle: " + tls.caBundle());
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw CairnException.invalid("--listen must be HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw CairnException.invalid("--listen must be HOST:PORT, not '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw CairnException.invalid("--listen port must be 0-65535");
        }
        return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.strip());
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m)");
            }
        }
    }
}
