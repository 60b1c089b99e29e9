package dev.cairn.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * PolicyReports ({@code wgpolicyk8s.io/v1alpha2}) for one resource's rule results: a namespaced
 * {@code PolicyReport} for a namespaced resource, a {@code ClusterPolicyReport} otherwise, with the
 * summary counts, one result per rule and image, {@code source: cairn}, and severity and category
 * from the policy's {@code policies.kyverno.io/severity} and {@code /category} annotations.
 */
public final class PolicyReports {
    public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PolicyReports() {
    }

    /**
     * @param annotations policy name → that policy's annotations
     * @param now         the report's timestamp (one for all results, as a webhook sees one request)
     */
    public static ObjectNode build(AdmissionResource resource, List<RuleResult> results, Map<String, Map<String, String>> annotations, Instant now) {
        Objects.requireNonNull(resource, "resource");
        boolean namespaced = !resource.namespace().isEmpty();
        ObjectNode report = JSON.objectNode();
        report.put("apiVersion", API_VERSION);
        report.put("kind", namespaced ? "PolicyReport" : "ClusterPolicyReport");
        ObjectNode metadata = report.putObject("metadata");
        String uid = resource.object().path("metadata").path("uid").asText("");
        metadata.put("name", uid.isEmpty() ? (resource.kind() + "-" + resource.name()).toLowerCase(Locale.ROOT) : uid);
        if (namespaced) {
            metadata.put("namespace", resource.namespace());
        }
        metadata.putObject("labels").put("app.kubernetes.io/managed-by", "cairn");
        ObjectNode scope = report.putObject("scope");
        reference(scope, resource, uid);
        Map<RuleResult.Status, Integer> counts = new EnumMap<>(RuleResult.Status.class);
        ArrayNode items = report.putArray("results");
        for (RuleResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
            ObjectNode item = items.addObject();
            item.put("policy", r.policy());
            item.put("rule", r.rule());
            item.put("result", r.status().wire());
            item.put("message", r.message());
            item.put("scored", true);
            item.put("source", "cairn");
            ObjectNode timestamp = item.putObject("timestamp");
            timestamp.put("seconds", now.getEpochSecond());
            timestamp.put("nanos", now.getNano());
            Map<String, String> policyAnnotations = annotations.getOrDefault(r.policy(), Map.of());
            String severity = policyAnnotations.getOrDefault("policies.kyverno.io/severity", "");
            if (!severity.isEmpty()) {
                item.put("severity", severity.toLowerCase(Locale.ROOT));
            }
            String category = policyAnnotations.getOrDefault("policies.kyverno.io/category", "");
            if (!category.isEmpty()) {
                item.put("category", category);
            }
            reference(item.putArray("resources").addObject(), resource, uid);
            ObjectNode properties = item.putObject("properties");
            r.image().ifPresent(i -> properties.put("image", i));
            properties.put("failureAction", r.action() == RuleResult.FailureAction.ENFORCE ? "Enforce" : "Audit");
        }
        ObjectNode summary = JSON.objectNode();
        for (RuleResult.Status status : RuleResult.Status.values()) {
            summary.put(status.wire(), counts.getOrDefault(status, 0));
        }
        report.set("summary", summary);
        return report;
    }

    private static void reference(ObjectNode node, AdmissionResource resource, String uid) {
        node.put("apiVersion", resource.apiVersion());
        node.put("kind", resource.kind());
        node.put("name", resource.name());
        if (!resource.namespace().isEmpty()) {
            node.put("namespace", resource.namespace());
        }
        if (!uid.isEmpty()) {
            node.put("uid", uid);
        }
    }

    /** Policy name → annotations for every policy in the set. */
    public static Map<String, Map<String, String>> annotations(PolicySet policies) {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        policies.policies().forEach(p -> out.put(p.name(), p.annotations()));
        return out;
    }
}
