package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cairn.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart and the plain manifests, checked without helm: the chart's templates are rendered by
 * a renderer for the small subset of Go templates they use (values, {@code if}/{@code else},
 * {@code quote}, {@code toYaml}, {@code nindent}), every document is read with the YAML reader
 * policies are read with, and the fields a webhook deployment needs are asserted. The plain
 * manifest {@code deploy/manifests/cairn.yaml} must be exactly the chart's default rendering;
 * regenerate it with {@code -Dcairn.writeManifests=true}.
 */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path CHART = DEPLOY.resolve("helm/cairn");
    static final Path PLAIN = DEPLOY.resolve("manifests/cairn.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    @Test
    void defaultRenderingHasEverythingAWebhookNeeds() throws IOException {
        Map<String, JsonNode> docs = byKind(render(Map.of()), "cairn");

        JsonNode deployment = docs.get("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("250m");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(texts(container.path("args"))).contains("server", "--policy=/policies", "--tls-cert=/tls/tls.crt",
                "--tls-key=/tls/tls.key", "--deadline=8s", "--failure-policy=Fail");

        JsonNode service = docs.get("Service");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(443);
        assertThat(docs.get("ConfigMap").at("/data").isObject()).isTrue();
        assertThat(docs.get("Certificate").at("/spec/dnsNames/0").asText()).isEqualTo("cairn.cairn.svc");

        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode config = docs.get(kind);
            assertThat(config.at("/metadata/annotations/cert-manager.io~1inject-ca-from").asText()).isEqualTo("cairn/cairn-tls");
            JsonNode webhook = config.at("/webhooks/0");
            assertThat(webhook.path("clientConfig").has("caBundle")).isTrue();
            assertThat(webhook.at("/clientConfig/service/name").asText()).isEqualTo("cairn");
            assertThat(webhook.at("/clientConfig/service/path").asText()).isEqualTo(kind.startsWith("Mutating") ? "/mutate" : "/validate");
            assertThat(webhook.path("sideEffects").asText()).isEqualTo("NoneOnDryRun");
            assertThat(texts(webhook.path("admissionReviewVersions"))).containsExactly("v1");
            assertThat(webhook.path("timeoutSeconds").asInt()).isEqualTo(10);
            assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Fail");
            assertThat(texts(webhook.at("/namespaceSelector/matchExpressions/0/values"))).containsExactly("kube-system", "cairn");
            assertThat(webhook.at("/namespaceSelector/matchExpressions/0/operator").asText()).isEqualTo("NotIn");
            assertThat(webhook.at("/namespaceSelector").has("matchLabels")).isFalse();
            List<String> resources = new ArrayList<>();
            webhook.path("rules").forEach(r -> resources.addAll(texts(r.path("resources"))));
            assertThat(resources).contains("pods", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs");
        }
    }

    @Test
    void caBundleOptInAndIgnoreVariant() throws IOException {
        Map<String, Object> overrides = Map.of(
                "certManager", Map.of("enabled", false),
                "webhook", Map.of("caBundle", "TFMwdExTMUNSVWRKVGc9PQ==", "optIn", true, "failurePolicy", "Ignore"),
                "policies", Map.of("require-signed.yaml", "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\n"));
        Map<String, JsonNode> docs = byKind(render(overrides), "cairn");

        assertThat(docs).doesNotContainKeys("Certificate", "Issuer");
        JsonNode webhook = docs.get("MutatingWebhookConfiguration").at("/webhooks/0");
        assertThat(docs.get("MutatingWebhookConfiguration").at("/metadata").has("annotations")).isFalse();
        assertThat(webhook.at("/clientConfig/caBundle").asText()).isEqualTo("TFMwdExTMUNSVWRKVGc9PQ==");
        assertThat(webhook.at("/namespaceSelector/matchLabels/policy.sigstore.dev~1include").asText()).isEqualTo("true");
        assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Ignore");
        assertThat(texts(docs.get("Deployment").at("/spec/template/spec/containers/0/args"))).contains("--failure-policy=Ignore");
        assertThat(docs.get("ConfigMap").at("/data/require-signed.yaml").asText()).startsWith("apiVersion: kyverno.io/v1\n");
    }

    @Test
    void policiesFromClusterAddReadOnlyRbacAndTheFlag() throws IOException {
        Map<String, JsonNode> off = byKind(render(Map.of()), "cairn");
        assertThat(off).doesNotContainKeys("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        assertThat(off.get("Deployment").at("/spec/template/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(texts(off.get("Deployment").at("/spec/template/spec/containers/0/args"))).doesNotContain("--policy-from-cluster");

        Map<String, JsonNode> docs = byKind(render(Map.of("server", Map.of("policiesFromCluster", true, "policyControllerNamespace", "cosign-system"))), "cairn");
        JsonNode pod = docs.get("Deployment").at("/spec/template/spec");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(false)).isTrue();
        assertThat(texts(pod.at("/containers/0/args"))).contains("--policy=/policies", "--policy-from-cluster", "--policy-controller-namespace=cosign-system");
        JsonNode role = docs.get("ClusterRole");
        List<String> resources = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            assertThat(texts(rule.path("verbs"))).containsExactly("get", "list");
            rule.path("resources").forEach(r -> resources.add(rule.at("/apiGroups/0").asText() + "/" + r.asText()));
        }
        assertThat(resources).containsExactlyInAnyOrder("kyverno.io/clusterpolicies", "kyverno.io/policies",
                "policies.kyverno.io/imagevalidatingpolicies", "policy.sigstore.dev/clusterimagepolicies");
        JsonNode binding = docs.get("ClusterRoleBinding");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(pod.path("serviceAccountName").asText());
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("cairn");
        JsonNode configRole = docs.get("Role");
        assertThat(configRole.at("/metadata/namespace").asText()).isEqualTo("cosign-system");
        assertThat(texts(configRole.at("/rules/0/resourceNames"))).containsExactly("config-policy-controller");
        assertThat(texts(configRole.at("/rules/0/verbs"))).containsExactly("get");
        assertThat(docs.get("RoleBinding").at("/roleRef/name").asText()).isEqualTo(configRole.at("/metadata/name").asText());
    }

    @Test
    void plainManifestIsTheChartsDefaultRendering() throws IOException {
        String expected = plainManifest();
        if (Boolean.getBoolean("cairn.writeManifests")) {
            Files.writeString(PLAIN, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PLAIN)).as("deploy/manifests/cairn.yaml is stale: run this test with -Dcairn.writeManifests=true")
                .isEqualTo(expected);
        List<JsonNode> docs = PolicyLoader.documents(Files.readAllBytes(PLAIN), PLAIN.toString());
        assertThat(docs).extracting(d -> d.path("kind").asText()).contains("Namespace", "Deployment", "Service",
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ConfigMap");
        for (JsonNode doc : docs) {
            assertThat(doc.path("apiVersion").isTextual()).isTrue();
            assertThat(doc.at("/metadata/name").isTextual()).isTrue();
        }
    }

    static String plainManifest() throws IOException {
        return "# Rendered from deploy/helm/cairn with its default values (release cairn, namespace cairn)\n"
                + "# by cairn-server's DeployManifestsTest; do not edit by hand. See docs/admission.md.\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cairn\n---\n" + render(Map.of());
    }

    /** Every template, rendered with values.yaml overridden by {@code overrides}, joined as one multi-document YAML text. */
    static String render(Map<String, Object> overrides) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = YAML.readValue(CHART.resolve("values.yaml").toFile(), Map.class);
        Map<String, Object> merged = merge(values, overrides);
        Map<String, Object> context = Map.of("Values", merged, "Release", Map.of("Name", "cairn", "Namespace", "cairn"));
        List<String> rendered = new ArrayList<>();
        try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
            for (Path template : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String text = new Template(Files.readString(template)).render(context).strip();
                if (!text.isEmpty()) {
                    rendered.add("# Source: cairn/templates/" + template.getFileName() + "\n" + text + "\n");
                }
            }
        }
        return String.join("---\n", rendered);
    }

    private static Map<String, JsonNode> byKind(String yaml, String release) {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        for (JsonNode doc : PolicyLoader.documents(yaml.getBytes(StandardCharsets.UTF_8), "chart")) {
            assertThat(doc.path("apiVersion").isTextual()).as("apiVersion of " + doc.path("kind")).isTrue();
            assertThat(doc.at("/metadata/name").asText()).startsWith(release);
            assertThat(docs.put(doc.path("kind").asText(), doc)).as("one " + doc.path("kind")).isNull();
        }
        return docs;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overrides.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map
                ? merge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return out;
    }

    /** Go template subset: {@code {{ .Path }}}, {@code | quote}, {@code toYaml X | nindent N}, {@code if}/{@code else}/{@code end}, and {@code -} trimming. */
    static final class Template {
        private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
        private final String source;

        Template(String source) {
            this.source = source;
        }

        String render(Map<String, Object> context) throws IOException {
            StringBuilder out = new StringBuilder();
            Deque<boolean[]> conditions = new ArrayDeque<>(); // {emitting, branchTaken}
            Matcher m = ACTION.matcher(source);
            int at = 0;
            boolean trimNext = false;
            while (true) {
                boolean found = m.find();
                String text = source.substring(at, found ? m.start() : source.length());
                if (trimNext) {
                    text = text.replaceFirst("^\\s+", "");
                }
                if (found && m.group(1).equals("-")) {
                    text = text.replaceFirst("\\s+$", "");
                }
                if (emitting(conditions)) {
                    out.append(text);
                }
                if (!found) {
                    break;
                }
                String action = m.group(2);
                trimNext = m.group(3).equals("-");
                at = m.end();
                if (action.startsWith("if ")) {
                    boolean truth = truthy(evaluate(action.substring(3), context));
                    conditions.push(new boolean[] {emitting(conditions) && truth, truth});
                } else if (action.equals("else")) {
                    boolean[] top = conditions.pop();
                    conditions.push(new boolean[] {emitting(conditions) && !top[1], true});
                } else if (action.equals("end")) {
                    conditions.pop();
                } else if (emitting(conditions)) {
                    out.append(evaluate(action, context));
                }
            }
            return out.toString();
        }

        private static boolean emitting(Deque<boolean[]> conditions) {
            return conditions.stream().allMatch(c -> c[0]);
        }

        private static Object evaluate(String pipeline, Map<String, Object> context) throws IOException {
            String[] stages = pipeline.split("\\|");
            Object value = null;
            for (int i = 0; i < stages.length; i++) {
                String[] words = stages[i].strip().split("\\s+");
                if (i == 0) {
                    value = words[0].equals("toYaml") ? toYaml(lookup(words[1], context)) : lookup(words[0], context);
                    continue;
                }
                value = switch (words[0]) {
                    case "quote" -> "\"" + String.valueOf(value == null ? "" : value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                    case "nindent" -> "\n" + indent(String.valueOf(value), Integer.parseInt(words[1]));
                    case "indent" -> indent(String.valueOf(value), Integer.parseInt(words[1]));
                    default -> throw new IllegalArgumentException("template function not supported by this renderer: " + words[0]);
                };
            }
            return value == null ? "" : value;
        }

        @SuppressWarnings("unchecked")
        private static Object lookup(String path, Map<String, Object> context) {
            if (!path.startsWith(".")) {
                throw new IllegalArgumentException("not a value path: " + path);
            }
            Object node = context;
            for (String key : path.substring(1).split("\\.")) {
                node = node instanceof Map ? ((Map<String, Object>) node).get(key) : null;
            }
            return node;
        }

        private static String toYaml(Object value) throws IOException {
            return YAML.writeValueAsString(value).stripTrailing();
        }

        private static String indent(String text, int n) {
            String pad = " ".repeat(n);
            return pad + text.replace("\n", "\n" + pad);
        }

        private static boolean truthy(Object v) {
            return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !(v instanceof Map<?, ?> m && m.isEmpty())
                    && !(v instanceof List<?> l && l.isEmpty()) && !(v instanceof Number n && n.doubleValue() == 0);
        }
    }
}
