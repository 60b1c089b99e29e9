package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyReportsTest {
    @Test
    void namespacedResourceGetsAPolicyReportWithSummaryAndAnnotations() throws Exception {
        JsonNode pod = new ObjectMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"prod\",\"uid\":\"u-1\"}}");
        AdmissionResource resource = AdmissionResource.of(pod);
        List<RuleResult> results = List.of(
                new RuleResult("p", "verify", Optional.of("a:1"), RuleResult.Status.PASS, "ok", RuleResult.FailureAction.ENFORCE, Optional.empty()),
                new RuleResult("p", "verify", Optional.of("b:1"), RuleResult.Status.FAIL, "no signature", RuleResult.FailureAction.ENFORCE, Optional.empty()),
                new RuleResult("q", "other", Optional.empty(), RuleResult.Status.SKIP, "skipped", RuleResult.FailureAction.AUDIT, Optional.empty()));
        JsonNode report = PolicyReports.build(resource, results,
                Map.of("p", Map.of("policies.kyverno.io/severity", "High", "policies.kyverno.io/category", "Supply Chain")), Instant.ofEpochSecond(100));
        assertThat(report.path("apiVersion").asText()).isEqualTo("wgpolicyk8s.io/v1alpha2");
        assertThat(report.path("kind").asText()).isEqualTo("PolicyReport");
        assertThat(report.path("metadata").path("namespace").asText()).isEqualTo("prod");
        assertThat(report.path("summary").toString()).isEqualTo("{\"pass\":1,\"fail\":1,\"warn\":0,\"error\":0,\"skip\":1}");
        JsonNode first = report.path("results").get(1);
        assertThat(first.path("result").asText()).isEqualTo("fail");
        assertThat(first.path("source").asText()).isEqualTo("cairn");
        assertThat(first.path("severity").asText()).isEqualTo("high");
        assertThat(first.path("category").asText()).isEqualTo("Supply Chain");
        assertThat(first.path("timestamp").path("seconds").asLong()).isEqualTo(100);
        assertThat(first.path("resources").get(0).path("uid").asText()).isEqualTo("u-1");
        assertThat(report.path("results").get(2).has("severity")).isFalse();
    }

    @Test
    void clusterScopedResourceGetsAClusterPolicyReport() throws Exception {
        JsonNode ns = new ObjectMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}");
        AdmissionResource resource = new AdmissionResource("v1", "Namespace", "", "x", AdmissionResource.Operation.CREATE, ns, Optional.empty(), false);
        assertThat(PolicyReports.build(resource, List.of(), Map.of(), Instant.EPOCH).path("kind").asText()).isEqualTo("ClusterPolicyReport");
    }
}
