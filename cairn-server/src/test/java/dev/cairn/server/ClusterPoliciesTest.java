package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.testing.SignedImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.cairn.policy.testing.SignedImages.KEY_A;
import static dev.cairn.policy.testing.SignedImages.KEY_B;
import static dev.cairn.server.Webhooks.pod;
import static dev.cairn.server.Webhooks.post;
import static dev.cairn.server.Webhooks.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Policies read from the cluster's custom resources ({@link KubernetesPolicySource}), against an
 * in-test HTTPS API server that serves the real paths and List shapes (items carrying the
 * managedFields, resourceVersion, uid and status a real API server adds), checks the bearer token,
 * pages with {@code continue} (at most two items a page, whatever {@code limit} asks), answers 404
 * for a group whose CRD is not installed and 403 for a resource it is told to forbid.
 */
class ClusterPoliciesTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();
    static SignedImages images;
    static String signed;
    static String unsigned;

    @TempDir
    Path dir;
    FakeApiServer api;
    Path tokenFile;
    Path caFile;
    AdmissionServer server;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeAll
    static void pushImages() {
        images = new SignedImages(registry);
        signed = images.push("app-1", "demo/app", "1");
        unsigned = images.push("base", "demo/app", "base");
        images.sign("demo/app", "1", KEY_A, Map.of());
    }

    @BeforeEach
    void apiServer() throws IOException {
        api = new FakeApiServer("token-1");
        tokenFile = Files.writeString(dir.resolve("token"), "token-1\n");
        caFile = Files.writeString(dir.resolve("ca.crt"), Webhooks.TLS.certificatePem());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        api.close();
    }

    KubernetesPolicySource.Connection connection() {
        return new KubernetesPolicySource.Connection(api.uri(), tokenFile, caFile, Optional.empty());
    }

    void start() {
        ServerConfig config = ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(), ServingCertificate.of(Webhooks.TLS))
                .withReloadInterval(Duration.ofHours(1)) // tests reload explicitly
                .withCluster(Optional.of(connection()));
        server = AdmissionServer.start(config, PolicyLoader.standard(), images.verifications(), new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    /** Webhooks' ClusterPolicy requiring {@code key} on demo/app, plus a few requiring something of other images, so the list spans pages. */
    void serveClusterPolicies(SigningKeyPair key) {
        api.put("clusterpolicies", "require-signed", resource("require-signed", Webhooks.policy("require-signed", images.host() + "/demo/*", key, "Enforce")));
        for (String other : List.of("other-a", "other-b", "other-c")) {
            api.put("clusterpolicies", other, resource(other, Webhooks.policy(other, "example.invalid/" + other + "/*", KEY_B, "Enforce")));
        }
    }

    @Test
    void policiesFromTheClusterDecideAdmission() {
        serveClusterPolicies(KEY_A);
        start();

        Webhooks.Answer admitted = post(server, "/mutate", review("CREATE", pod("web", signed), null, false));
        assertThat(admitted.allowed()).as(admitted.body()).isTrue();
        assertThat(admitted.patch().get(0).path("value").asText()).isEqualTo(images.host() + "/demo/app:1@" + images.digest("demo/app", "1"));
        Webhooks.Answer denied = post(server, "/mutate", review("CREATE", pod("web", unsigned), null, false));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("require-signed/signed: " + unsigned);
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 1");

        // two items a page: the four ClusterPolicies took two pages, the second asked for with the first's continue token
        assertThat(api.requests).contains("/apis/kyverno.io/v1/clusterpolicies?limit=250");
        assertThat(api.requests).anyMatch(r -> r.startsWith("/apis/kyverno.io/v1/clusterpolicies?limit=250&continue="));
        // the groups whose CRDs are not installed are skipped, with one line each
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("does not serve ImageValidatingPolicy (policies.kyverno.io)").contains("does not serve ClusterImagePolicy (policy.sigstore.dev)");
        server.policies().reloadIfChanged();
        assertThat(logged.toString(StandardCharsets.UTF_8).split("does not serve ClusterImagePolicy", -1)).hasSize(2);
    }

    @Test
    void serverPopulatedFieldsAreDroppedSoAStatusUpdateIsNoPolicyChange() throws IOException {
        serveClusterPolicies(KEY_A);
        api.put("policies", "team/team-policy", resource("team-policy", Webhooks.policy("team-policy", "example.invalid/team/*", KEY_B, "Audit")
                .replace("kind: ClusterPolicy", "kind: Policy").replace("metadata:\n", "metadata:\n  namespace: team\n")));
        KubernetesPolicySource source = new KubernetesPolicySource(connection(), line -> { });
        PolicySource.Snapshot first = source.poll();

        List<PolicyLoader.Source> sources = first.sources().get();
        assertThat(sources).extracting(PolicyLoader.Source::name).containsExactly("ClusterPolicy/other-a", "ClusterPolicy/other-b",
                "ClusterPolicy/other-c", "ClusterPolicy/require-signed", "Policy/team/team-policy");
        JsonNode doc = Webhooks.JSON.readTree(sources.get(3).bytes());
        assertThat(doc.path("apiVersion").asText()).isEqualTo("kyverno.io/v1");
        assertThat(doc.path("kind").asText()).isEqualTo("ClusterPolicy");
        assertThat(doc.has("status")).isFalse();
        assertThat(doc.path("metadata").fieldNames()).toIterable().containsExactly("name", "annotations");
        assertThat(doc.at("/metadata/annotations").fieldNames()).toIterable().containsExactly("policies.kyverno.io/title");
        assertThat(PolicyLoader.standard().load(sources).policies()).hasSize(5);

        // Kyverno's controller rewrites status (a new resourceVersion, a new managedFields entry): not a change
        ObjectNode item = api.get("clusterpolicies", "require-signed");
        ((ObjectNode) item.path("status")).put("ready", false);
        ((ObjectNode) item.path("metadata")).put("resourceVersion", "99999");
        assertThat(source.poll().marker()).isEqualTo(first.marker());
    }

    @Test
    void aChangedResourceIsPickedUpOnTheNextPollAndInvalidatesTheCache() {
        serveClusterPolicies(KEY_A);
        start();
        assertThat(post(server, "/mutate", review("CREATE", pod("web", signed), null, false)).allowed()).isTrue();
        String before = server.policies().current().policies().fingerprint();
        assertThat(server.policies().reloadIfChanged()).isFalse();

        // kubectl apply: the policy now trusts KEY_B only
        api.put("clusterpolicies", "require-signed", resource("require-signed", Webhooks.policy("require-signed", images.host() + "/demo/*", KEY_B, "Enforce")));
        assertThat(server.policies().reloadIfChanged()).isTrue();

        assertThat(server.policies().current().policies().fingerprint()).isNotEqualTo(before);
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 2");
        // the earlier "verified" is not reused under the new set
        Webhooks.Answer denied = post(server, "/mutate", review("CREATE", pod("web", signed), null, false));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("require-signed/signed: " + signed);
    }

    @Test
    void anInvalidPolicyInTheClusterKeepsTheLastGoodSet() {
        serveClusterPolicies(KEY_A);
        start();
        ObjectNode broken = resource("broken", Webhooks.policy("broken", "*", KEY_A, "Enforce"));
        ((ObjectNode) broken.path("spec")).put("validationFailureActoin", "Enforce"); // a typo Kyverno's schema refuses too
        api.put("clusterpolicies", "broken", broken);

        assertThat(server.policies().reloadIfChanged()).isFalse();
        String ready = Webhooks.get(server, "/readyz").body();
        assertThat(ready).startsWith("ready: 4 policies, generation 1").contains("last reload failed").contains("ClusterPolicy/broken");
        assertThat(Webhooks.get(server, "/metrics").body()).contains("cairn_policy_reload_errors_total 1");
        assertThat(post(server, "/mutate", review("CREATE", pod("web", unsigned), null, false)).message()).contains("require-signed/signed");
        // unchanged and still broken: said once, not on every poll
        assertThat(server.policies().reloadIfChanged()).isFalse();
        assertThat(Webhooks.get(server, "/metrics").body()).contains("cairn_policy_reload_errors_total 1");

        api.remove("clusterpolicies", "broken");
        server.policies().reloadIfChanged();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 1").doesNotContain("failed");
    }

    @Test
    void apiErrorsKeepTheLastGoodSetAndShowInReadyz() {
        serveClusterPolicies(KEY_A);
        start();

        api.forbidden.add("/apis/kyverno.io/v1/policies");
        assertThat(server.policies().reloadIfChanged()).isFalse();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 1")
                .contains("HTTP 403").contains("cannot list resource \\\"policies\\\"".replace("\\\"", "\""));
        assertThat(Webhooks.get(server, "/metrics").body()).contains("cairn_policy_reload_errors_total 1");
        assertThat(post(server, "/mutate", review("CREATE", pod("web", unsigned), null, false)).message()).contains("require-signed/signed");
        api.forbidden.clear();

        api.failing.set(true);
        server.policies().reloadIfChanged();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 1").contains("HTTP 500");
        assertThat(Webhooks.get(server, "/metrics").body()).contains("cairn_policy_reload_errors_total 2");
        api.failing.set(false);

        server.policies().reloadIfChanged();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 4 policies, generation 1").doesNotContain("failed");
    }

    @Test
    void theTokenIsReadAgainOnEveryPollAsItRotates() throws IOException {
        serveClusterPolicies(KEY_A);
        start();

        // the kubelet rotates the projected token: the API server takes the new one, and so does Cairn
        api.token = "token-2";
        Files.writeString(tokenFile, "token-2\n");
        api.put("clusterpolicies", "other-d", resource("other-d", Webhooks.policy("other-d", "example.invalid/d/*", KEY_B, "Enforce")));
        assertThat(server.policies().reloadIfChanged()).isTrue();
        assertThat(api.tokensSeen).contains("token-1", "token-2");

        // a token the API server no longer takes: 401, last good set kept
        api.token = "token-3";
        assertThat(server.policies().reloadIfChanged()).isFalse();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 5 policies, generation 2").contains("HTTP 401");
    }

    @Test
    void apiServerFloodingPoliciesIsBounded() {
        serveClusterPolicies(KEY_A);
        api.flood.set(true);
        KubernetesPolicySource source = new KubernetesPolicySource(connection(), line -> { });

        assertThatThrownBy(source::poll).isInstanceOf(CairnException.class)
                .hasMessageContaining("more than " + (32L << 20) + " bytes of policy resources");
        // Cairn stopped reading at its bound: the server could not push much past it
        assertThat(api.floodWritten.get()).isLessThan(48L << 20);
    }

    @Test
    void tooManyResourcesAreRefusedNotTruncated() {
        for (int i = 0; i < 12; i++) {
            api.put("clusterpolicies", "p" + i, resource("p" + i, Webhooks.policy("p" + i, "example.invalid/" + i + "/*", KEY_B, "Enforce")));
        }
        KubernetesPolicySource source = new KubernetesPolicySource(connection(),
                new KubernetesPolicySource.Limits(250, 32L << 20, 10, 200, Duration.ofSeconds(10)), line -> { });
        assertThatThrownBy(source::poll).hasMessageContaining("more than 10 policy resources");
    }

    @Test
    void policyControllerSettingsComeFromItsConfigMap() {
        api.configMap = Webhooks.JSON.createObjectNode();
        api.configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
        api.configMap.putObject("metadata").put("name", "config-policy-controller").put("namespace", "cosign-system")
                .put("resourceVersion", "42").put("uid", "0b0e8c3c-1111-4c3e-9a55-5a3d1c1f0001").put("creationTimestamp", "2025-01-01T00:00:00Z");
        api.configMap.putObject("data").put("no-match-policy", "allow");
        KubernetesPolicySource source = new KubernetesPolicySource(
                new KubernetesPolicySource.Connection(api.uri(), tokenFile, caFile, Optional.of("cosign-system")), line -> { });

        List<PolicyLoader.Source> sources = source.poll().sources().get();
        assertThat(sources).extracting(PolicyLoader.Source::name).containsExactly("ConfigMap/cosign-system/config-policy-controller");
        assertThat(new String(sources.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"config-policy-controller\",\"namespace\":\"cosign-system\"},\"data\":{\"no-match-policy\":\"allow\"}}");
        PolicyLoader.standard().load(sources); // policy-controller's settings, read as from a file
        assertThat(api.requests).contains("/api/v1/namespaces/cosign-system/configmaps/config-policy-controller");
    }

    /** A policy as {@code kubectl get -o json} shows it after {@code kubectl apply}: server-populated metadata and Kyverno's status. */
    static ObjectNode resource(String name, String yaml) {
        ObjectNode doc = (ObjectNode) PolicyLoader.documents(yaml.getBytes(StandardCharsets.UTF_8), name).get(0);
        ObjectNode metadata = (ObjectNode) doc.path("metadata");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("kubectl.kubernetes.io/last-applied-configuration", doc.toString());
        annotations.put("policies.kyverno.io/title", "Require signed images");
        metadata.put("creationTimestamp", "2025-06-01T10:00:00Z");
        metadata.put("generation", 1);
        metadata.put("resourceVersion", String.valueOf(1000 + Math.abs(name.hashCode() % 1000)));
        metadata.put("uid", "5f0c7a8e-3c1b-4d1e-9e2a-" + String.format("%012x", Math.abs((long) name.hashCode())));
        ArrayNode managed = metadata.putArray("managedFields");
        ObjectNode entry = managed.addObject();
        entry.put("apiVersion", "kyverno.io/v1").put("fieldsType", "FieldsV1").put("manager", "kubectl-client-side-apply")
                .put("operation", "Update").put("time", "2025-06-01T10:00:00Z");
        entry.putObject("fieldsV1").putObject("f:spec").putObject("f:rules");
        managed.addObject().put("apiVersion", "kyverno.io/v1").put("fieldsType", "FieldsV1").put("manager", "kyverno")
                .put("operation", "Update").put("subresource", "status").put("time", "2025-06-01T10:00:01Z");
        ObjectNode status = doc.putObject("status");
        status.put("ready", true);
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True").put("reason", "Succeeded")
                .put("message", "Ready").put("lastTransitionTime", "2025-06-01T10:00:01Z");
        status.putObject("rulecount").put("validate", 0).put("generate", 0).put("mutate", 0).put("verifyimages", 1);
        status.putObject("autogen").putArray("rules");
        return doc;
    }

    /**
     * The few API server paths Cairn reads, as kube-apiserver answers them: discovery of a group
     * ({@code APIGroup}), collections ({@code ClusterPolicyList} …, {@code limit}/{@code continue}),
     * one ConfigMap, {@code Status} bodies for 401, 403, 404 and 500.
     */
    static final class FakeApiServer implements AutoCloseable {
        static final Map<String, String> PLURAL_GROUPS = Map.of("clusterpolicies", "kyverno.io", "policies", "kyverno.io");
        static final Map<String, String> LIST_KINDS = Map.of("clusterpolicies", "ClusterPolicyList", "policies", "PolicyList");
        final HttpsServer http;
        final Map<String, Map<String, ObjectNode>> resources = new ConcurrentHashMap<>();
        final Set<String> forbidden = ConcurrentHashMap.newKeySet();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean flood = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicLong floodWritten = new AtomicLong();
        final AtomicInteger resourceVersion = new AtomicInteger(5000);
        volatile String token;
        volatile ObjectNode configMap;

        FakeApiServer(String token) throws IOException {
            this.token = token;
            http = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            http.setHttpsConfigurator(new HttpsConfigurator(ServingCertificate.of(Webhooks.TLS).sslContext()));
            http.createContext("/", this::handle);
            http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            http.start();
        }

        URI uri() {
            return URI.create("https://127.0.0.1:" + http.getAddress().getPort());
        }

        void put(String plural, String key, ObjectNode item) {
            ((ObjectNode) item.path("metadata")).put("resourceVersion", String.valueOf(resourceVersion.incrementAndGet()));
            resources.computeIfAbsent(plural, p -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(key, item);
        }

        ObjectNode get(String plural, String key) {
            return resources.get(plural).get(key);
        }

        void remove(String plural, String key) {
            resources.get(plural).remove(key);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
                requests.add(path + (query.isEmpty() ? "" : "?" + query));
                String auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
                tokensSeen.add(auth.replaceFirst("^Bearer ", ""));
                if (!auth.equals("Bearer " + token)) {
                    status(exchange, 401, "Unauthorized", "Unauthorized");
                    return;
                }
                if (failing.get()) {
                    status(exchange, 500, "InternalError", "Internal error occurred: etcdserver: request timed out");
                    return;
                }
                if (path.equals("/apis/kyverno.io")) {
                    ObjectNode group = Webhooks.JSON.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", "kyverno.io");
                    ArrayNode versions = group.putArray("versions");
                    versions.addObject().put("groupVersion", "kyverno.io/v1").put("version", "v1");
                    versions.addObject().put("groupVersion", "kyverno.io/v2beta1").put("version", "v2beta1");
                    group.putObject("preferredVersion").put("groupVersion", "kyverno.io/v1").put("version", "v1");
                    json(exchange, 200, group);
                    return;
                }
                if (path.startsWith("/api/v1/namespaces/") && path.endsWith("/configmaps/config-policy-controller")) {
                    if (configMap == null) {
                        status(exchange, 404, "NotFound", "configmaps \"config-policy-controller\" not found");
                    } else {
                        json(exchange, 200, configMap);
                    }
                    return;
                }
                String[] parts = path.split("/"); // "", "apis", group, version, plural
                if (parts.length == 5 && parts[1].equals("apis") && PLURAL_GROUPS.getOrDefault(parts[4], "").equals(parts[2]) && parts[3].equals("v1")) {
                    list(exchange, path, parts[4], query);
                    return;
                }
                status(exchange, 404, "NotFound", "the server could not find the requested resource");
            }
        }

        private void list(HttpExchange exchange, String path, String plural, String query) throws IOException {
            if (forbidden.contains(path)) {
                status(exchange, 403, "Forbidden", plural + ".kyverno.io is forbidden: User \"system:serviceaccount:cairn:cairn\" cannot list resource \""
                        + plural + "\" in API group \"kyverno.io\" at the cluster scope");
                return;
            }
            if (flood.get()) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = ("{\"apiVersion\":\"kyverno.io/v1\",\"kind\":\"ClusterPolicy\",\"metadata\":{\"name\":\"" + "x".repeat(8000) + "\"}},")
                        .getBytes(StandardCharsets.UTF_8);
                out.write("{\"apiVersion\":\"kyverno.io/v1\",\"kind\":\"ClusterPolicyList\",\"items\":[".getBytes(StandardCharsets.UTF_8));
                try {
                    for (long written = 0; written < (256L << 20); written += chunk.length) {
                        out.write(chunk);
                        floodWritten.addAndGet(chunk.length);
                    }
                } catch (IOException closedByCairn) {
                    // what a bounded client does
                }
                return;
            }
            Map<String, String> params = new java.util.HashMap<>();
            for (String p : query.split("&")) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    params.put(p.substring(0, eq), java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            int limit = Math.min(2, Integer.parseInt(params.getOrDefault("limit", "500"))); // a server may send fewer than asked
            int offset = params.containsKey("continue")
                    ? Integer.parseInt(new String(Base64.getDecoder().decode(params.get("continue")), StandardCharsets.UTF_8).replace("offset:", ""))
                    : 0;
            List<ObjectNode> all = new ArrayList<>(resources.getOrDefault(plural, Map.of()).values());
            ObjectNode list = Webhooks.JSON.createObjectNode().put("apiVersion", "kyverno.io/v1").put("kind", LIST_KINDS.get(plural));
            ObjectNode metadata = list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion.get()));
            ArrayNode items = list.putArray("items");
            all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())).forEach(items::add);
            if (offset + limit < all.size()) {
                metadata.put("continue", Base64.getEncoder().encodeToString(("offset:" + (offset + limit)).getBytes(StandardCharsets.UTF_8)));
                metadata.put("remainingItemCount", all.size() - offset - limit);
            }
            json(exchange, 200, list);
        }

        private static void status(HttpExchange exchange, int code, String reason, String message) throws IOException {
            ObjectNode status = Webhooks.JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
            status.putObject("metadata");
            status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
            json(exchange, code, status);
        }

        private static void json(HttpExchange exchange, int code, JsonNode body) throws IOException {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
