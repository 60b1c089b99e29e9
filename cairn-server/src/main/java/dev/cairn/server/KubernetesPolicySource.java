package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The policy custom resources of a cluster, LISTed from its API server with plain HTTPS (no client
 * library, no watch: polled like the files): Kyverno {@code ClusterPolicy} and {@code Policy} (all
 * namespaces), {@code ImageValidatingPolicy}, policy-controller {@code ClusterImagePolicy}, and
 * optionally policy-controller's {@code config-policy-controller} ConfigMap. Each resource becomes
 * one source named {@code Kind/[namespace/]name}, without the fields the API server fills in
 * ({@code status}, {@code metadata.managedFields}, {@code resourceVersion} …), so a status update
 * is not a policy change. A kind whose CRD is not installed (404) is skipped with one log line; any
 * other failure (401, 403, 5xx, a timeout, a response over the bounds) fails the poll, and the
 * watcher keeps the last good set.
 */
public final class KubernetesPolicySource implements PolicySource {
    static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** A kind Cairn reads: its group, the versions its parser reads (preferred first), its resource name. */
    record Kind(String kind, String group, List<String> versions, String plural) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("ClusterPolicy", "kyverno.io", List.of("v1"), "clusterpolicies"),
            new Kind("Policy", "kyverno.io", List.of("v1"), "policies"),
            new Kind("ImageValidatingPolicy", "policies.kyverno.io", List.of("v1", "v1beta1", "v1alpha1"), "imagevalidatingpolicies"),
            new Kind("ClusterImagePolicy", "policy.sigstore.dev", List.of("v1beta1", "v1alpha1"), "clusterimagepolicies"));

    /**
     * How to reach the API server.
     *
     * @param server                    {@code https://host:port}
     * @param tokenFile                 the bearer token, re-read on every poll (projected service-account tokens rotate)
     * @param caFile                    the CA bundle that signed the API server's certificate
     * @param policyControllerNamespace where to read policy-controller's {@code config-policy-controller} ConfigMap from, if anywhere
     */
    public record Connection(URI server, Path tokenFile, Path caFile, Optional<String> policyControllerNamespace) {
        public Connection {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(policyControllerNamespace, "policyControllerNamespace");
            if (!"https".equals(server.getScheme()) || server.getHost() == null) {
                throw CairnException.invalid("the Kubernetes API server must be an https:// URL, not '" + server + "'");
            }
            policyControllerNamespace.filter(ns -> !ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")).ifPresent(ns -> {
                throw CairnException.invalid("'" + ns + "' is not a Kubernetes namespace name");
            });
        }

        /** The pod's own service account: {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and the mounted token and CA. */
        public static Connection inCluster(Map<String, String> env, Optional<String> policyControllerNamespace) {
            String host = env.get("KUBERNETES_SERVICE_HOST");
            String port = env.get("KUBERNETES_SERVICE_PORT");
            if (host == null || host.isBlank() || port == null || port.isBlank()) {
                throw CairnException.invalid("not running in a cluster (KUBERNETES_SERVICE_HOST/PORT are not set): give --kube-api, --kube-token-file and --kube-ca-file");
            }
            String h = host.contains(":") ? "[" + host + "]" : host;
            return new Connection(URI.create("https://" + h + ":" + port), Path.of(SERVICE_ACCOUNT, "token"), Path.of(SERVICE_ACCOUNT, "ca.crt"),
                    policyControllerNamespace);
        }
    }

    /** Bounds on what one poll reads: items per page, responses' total bytes and items, pages, time. */
    record Limits(int pageSize, long maxBytes, int maxItems, int maxPages, Duration timeout) {
        static final Limits DEFAULT = new Limits(250, 32L << 20, 5_000, 200, Duration.ofSeconds(10));
    }

    private final Connection connection;
    private final Limits limits;
    private final Consumer<String> log;
    private final Set<String> said = new HashSet<>();
    private HttpClient client;
    private byte[] clientCa;

    public KubernetesPolicySource(Connection connection, Consumer<String> log) {
        this(connection, Limits.DEFAULT, log);
    }

    KubernetesPolicySource(Connection connection, Limits limits, Consumer<String> log) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public synchronized Snapshot poll() {
        Poll poll = new Poll(client(), token(), System.nanoTime() + limits.timeout().toNanos() * 3);
        List<PolicyLoader.Source> sources = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        for (Kind kind : KINDS) {
            Optional<String> version = poll.servedVersion(kind);
            if (version.isEmpty()) {
                skipped.add(kind.kind() + " (" + kind.group() + ")");
                continue;
            }
            String path = "/apis/" + kind.group() + "/" + version.get() + "/" + kind.plural();
            Optional<List<JsonNode>> items = poll.list(path);
            if (items.isEmpty()) {
                skipped.add(kind.kind() + " (" + kind.group() + "/" + version.get() + ")");
                continue;
            }
            for (JsonNode item : items.get()) {
                sources.add(source(item, kind.group() + "/" + version.get(), kind.kind()));
            }
        }
        connection.policyControllerNamespace().ifPresent(ns -> {
            String path = "/api/v1/namespaces/" + ns + "/configmaps/config-policy-controller";
            poll.get(path).ifPresent(cm -> sources.add(source(cm, "v1", "ConfigMap")));
        });
        sayOnce(skipped);
        sources.sort(Comparator.comparing(PolicyLoader.Source::name));
        List<String> marker = new ArrayList<>();
        for (PolicyLoader.Source s : sources) {
            marker.add(s.name() + "|" + sha256(s.bytes()));
        }
        List<PolicyLoader.Source> fetched = List.copyOf(sources);
        return new Snapshot(marker, () -> fetched);
    }

    /** One log line per kind that is not there, when it goes missing (again). */
    private void sayOnce(Set<String> skipped) {
        for (String s : skipped) {
            if (said.add(s)) {
                log.accept("cairn server: the cluster does not serve " + s + " (CRD not installed?): none read");
            }
        }
        said.retainAll(skipped);
    }

    /** The resource as policy text: apiVersion, kind, the metadata a policy means, the rest but {@code status}. */
    static PolicyLoader.Source source(JsonNode item, String apiVersion, String kind) {
        if (!item.isObject()) {
            throw CairnException.invalid("the API server returned a " + kind + " that is not an object");
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", item.path("apiVersion").asText(apiVersion));
        doc.put("kind", item.path("kind").asText(kind));
        JsonNode meta = item.path("metadata");
        ObjectNode metadata = doc.putObject("metadata");
        for (String field : List.of("name", "namespace", "labels", "annotations")) {
            if (meta.has(field)) {
                metadata.set(field, meta.get(field).deepCopy());
            }
        }
        if (metadata.path("annotations") instanceof ObjectNode annotations) {
            annotations.remove(LAST_APPLIED); // a copy of the spec, as kubectl last applied it
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        item.fields().forEachRemaining(e -> {
            if (!Set.of("apiVersion", "kind", "metadata", "status").contains(e.getKey())) {
                doc.set(e.getKey(), e.getValue());
            }
        });
        String name = meta.path("name").asText("?");
        String ns = meta.path("namespace").asText("");
        try {
            return new PolicyLoader.Source(kind + "/" + (ns.isEmpty() ? "" : ns + "/") + name, JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token() {
        Path file = connection.tokenFile();
        try {
            if (Files.size(file) > 64 * 1024) {
                throw CairnException.invalid(file + " is larger than 64 KiB; not a service-account token");
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw CairnException.invalid(file + " does not hold a bearer token");
            }
            return token;
        } catch (IOException e) {
            throw CairnException.io("cannot read the Kubernetes token " + file + ": " + e.getMessage(), e);
        }
    }

    /** A client trusting the CA file; rebuilt when the file changes. */
    private HttpClient client() {
        Path file = connection.caFile();
        byte[] ca;
        try {
            if (Files.size(file) > 1 << 20) {
                throw CairnException.invalid(file + " is larger than 1 MiB; not a CA bundle");
            }
            ca = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CairnException.io("cannot read the Kubernetes CA " + file + ": " + e.getMessage(), e);
        }
        if (client != null && Arrays.equals(ca, clientCa)) {
            return client;
        }
        SSLContext ssl;
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(ca))) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
            if (i == 0) {
                throw CairnException.invalid(file + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw CairnException.invalid(file + ": not a PEM CA bundle: " + e.getMessage());
        }
        if (client != null) {
            client.close();
        }
        client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        clientCa = ca;
        return client;
    }

    /** The requests of one poll, sharing its byte, item and page budget and its deadline. */
    private final class Poll {
        private final HttpClient http;
        private final String token;
        private final long deadline;
        private long bytes;
        private int items;
        private int pages;

        Poll(HttpClient http, String token, long deadline) {
            this.http = http;
            this.token = token;
            this.deadline = deadline;
        }

        /** The version of the kind's group to read: the server's preferred one if Cairn reads it, else the first served that it reads; empty when the group is not served. */
        Optional<String> servedVersion(Kind kind) {
            Optional<JsonNode> group = get("/apis/" + kind.group());
            if (group.isEmpty()) {
                return Optional.empty();
            }
            String preferred = group.get().at("/preferredVersion/version").asText("");
            if (kind.versions().contains(preferred)) {
                return Optional.of(preferred);
            }
            List<String> served = new ArrayList<>();
            group.get().path("versions").forEach(v -> served.add(v.path("version").asText("")));
            return kind.versions().stream().filter(served::contains).findFirst();
        }

        /** Every item of a collection, page by page; empty when the resource is not served (404). */
        Optional<List<JsonNode>> list(String path) {
            List<JsonNode> all = new ArrayList<>();
            String cont = "";
            do {
                String query = "?limit=" + limits.pageSize() + (cont.isEmpty() ? "" : "&continue=" + URLEncoder.encode(cont, StandardCharsets.UTF_8));
                Optional<JsonNode> page = get(path + query);
                if (page.isEmpty()) {
                    if (all.isEmpty() && cont.isEmpty()) {
                        return Optional.empty();
                    }
                    throw CairnException.io("the API server lost " + path + " while it was being listed (404 after the first page)", null);
                }
                JsonNode list = page.get().path("items");
                if (!list.isArray()) {
                    throw CairnException.invalid("the API server's answer to " + path + " is not a list");
                }
                items += list.size();
                if (items > limits.maxItems()) {
                    throw CairnException.invalid("the cluster holds more than " + limits.maxItems() + " policy resources; the limit is " + limits.maxItems());
                }
                list.forEach(all::add);
                cont = page.get().at("/metadata/continue").asText("");
            } while (!cont.isEmpty());
            return Optional.of(all);
        }

        /** GETs a JSON object; empty on 404; any other failure throws. */
        Optional<JsonNode> get(String path) {
            if (++pages > limits.maxPages()) {
                throw CairnException.invalid("reading the policies took more than " + limits.maxPages() + " requests to the API server; the limit is " + limits.maxPages());
            }
            URI uri = connection.server().resolve(path);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(limits.timeout()).GET()
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .header("User-Agent", "cairn-server").build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw CairnException.io("cannot reach the Kubernetes API server at " + connection.server() + " (GET " + path + "): " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CairnException.io("interrupted while reading " + path + " from the Kubernetes API server", e);
            }
            byte[] body = read(response, path);
            int status = response.statusCode();
            if (status == 404) {
                return Optional.empty();
            }
            if (status != 200) {
                String why = switch (status) {
                    case 401 -> " (is the token in " + connection.tokenFile() + " valid?)";
                    case 403 -> " (may the service account get and list it? see Cairn's ClusterRole)";
                    default -> "";
                };
                throw CairnException.io("the Kubernetes API server answered GET " + path + " with HTTP " + status + why + statusMessage(body), null);
            }
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    throw CairnException.invalid("the API server's answer to " + path + " is not a JSON object");
                }
                return Optional.of(node);
            } catch (IOException e) {
                throw CairnException.invalid("the API server's answer to " + path + " is not JSON: " + firstLine(e.getMessage()));
            }
        }

        /** The body, within what is left of the poll's byte budget and deadline (a stalled stream is closed under the reader). */
        private byte[] read(HttpResponse<InputStream> response, String path) {
            long remaining = deadline - System.nanoTime();
            try (InputStream in = response.body()) {
                if (remaining <= 0) {
                    throw CairnException.io("reading the policies from the Kubernetes API server took longer than " + limits.timeout().multipliedBy(3).toSeconds() + "s", null);
                }
                Thread watchdog = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(Duration.ofNanos(remaining));
                        in.close();
                    } catch (InterruptedException | IOException ignored) {
                        // done in time, or closing anyway
                    }
                });
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        bytes += n;
                        if (bytes > limits.maxBytes()) {
                            throw CairnException.invalid("the Kubernetes API server sent more than " + limits.maxBytes() + " bytes of policy resources (GET " + path
                                    + "); the limit is " + limits.maxBytes());
                        }
                        out.write(buffer, 0, n);
                    }
                    return out.toByteArray();
                } finally {
                    watchdog.interrupt();
                }
            } catch (IOException e) {
                throw CairnException.io("reading GET " + path + " from the Kubernetes API server failed: " + e, e);
            }
        }
    }

    private static String statusMessage(byte[] body) {
        try {
            String message = JSON.readTree(body).path("message").asText("");
            return message.isEmpty() ? "" : ": " + firstLine(message);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
