package dev.cairn.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {
    private static final AdmissionResource POD = AdmissionResource.of(new ObjectMapper().createObjectNode()
            .put("apiVersion", "v1").put("kind", "Pod").set("metadata", new ObjectMapper().createObjectNode().put("name", "web")));

    private static ImagePolicy policy(String name, List<RuleResult> results) {
        return new ImagePolicy() {
            public String kind() {
                return "Test";
            }

            public String name() {
                return name;
            }

            public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
                return results;
            }
        };
    }

    private static RuleResult result(String policy, RuleResult.Status status, RuleResult.FailureAction action, Optional<RuleResult.ImagePatch> patch) {
        return new RuleResult(policy, "verify", Optional.of("app:v1"), status, "reason " + status, action, patch);
    }

    private static Decision decide(ImagePolicy... policies) {
        return Admission.decide(new PolicySet(List.of(policies), "f"), POD, null);
    }

    @Test
    void enforcedFailureDeniesNamingPolicyRuleImageAndReasonAndAppliesNoPatch() {
        RuleResult.ImagePatch pin = new RuleResult.ImagePatch("/spec/containers/0/image", "app@sha256:" + "b".repeat(64));
        Decision decision = decide(
                policy("pins", List.of(result("pins", RuleResult.Status.PASS, RuleResult.FailureAction.ENFORCE, Optional.of(pin)))),
                policy("strict", List.of(result("strict", RuleResult.Status.FAIL, RuleResult.FailureAction.ENFORCE, Optional.empty()))));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).isEqualTo("Pod/default/web denied by image policy: strict/verify: app:v1: reason FAIL");
        assertThat(decision.patches()).isEmpty();
        assertThat(decision.results()).hasSize(2);
    }

    @Test
    void auditFailureAdmitsWithAWarningAndKeepsPatches() {
        RuleResult.ImagePatch pin = new RuleResult.ImagePatch("/spec/containers/0/image", "app@sha256:" + "b".repeat(64));
        Decision decision = decide(
                policy("pins", List.of(result("pins", RuleResult.Status.PASS, RuleResult.FailureAction.ENFORCE, Optional.of(pin)))),
                policy("audit", List.of(result("audit", RuleResult.Status.ERROR, RuleResult.FailureAction.AUDIT, Optional.empty()))));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactly("audit/verify: app:v1: reason ERROR");
        assertThat(decision.patches()).containsExactly(pin);
    }

    @Test
    void policyThatThrowsDeniesInsteadOfPassingSilently() {
        ImagePolicy broken = new ImagePolicy() {
            public String kind() {
                return "Test";
            }

            public String name() {
                return "broken";
            }

            public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
                throw CairnException.io("registry 127.0.0.1:1 refused the connection", null);
            }
        };
        Decision decision = decide(broken);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("broken", "refused the connection");
    }

    @Test
    void noPoliciesNoResultsAllowed() {
        Decision decision = decide();
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.results()).isEmpty();
    }
}
