package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kyverno apply} for Cairn: every resource (as a CREATE) through every policy, with the
 * decision, the resource as admission would store it (digests pinned), and its PolicyReport.
 * The CLI renders this; the webhook uses {@link Admission} directly.
 */
public final class PolicyApply {
    private PolicyApply() {
    }

    /** One resource's outcome. */
    public record Outcome(AdmissionResource resource, Decision decision, JsonNode mutated, ObjectNode report) {
        public Outcome {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(mutated, "mutated");
            Objects.requireNonNull(report, "report");
        }
    }

    /** Every outcome, in resource order. */
    public record Result(List<Outcome> outcomes) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }

        /** Whether an Enforce rule failed or errored for any resource (admission would deny it). */
        public boolean denied() {
            return outcomes.stream().anyMatch(o -> !o.decision().allowed());
        }

        /**
         * {@code kyverno apply}'s exit status: any fail or error, Audit rules included, unless
         * {@code auditWarn} turns Audit failures into warnings (recorded from Kyverno's CLI).
         */
        public boolean failed(boolean auditWarn) {
            return outcomes.stream().flatMap(o -> o.decision().results().stream())
                    .anyMatch(r -> (r.status() == RuleResult.Status.FAIL || r.status() == RuleResult.Status.ERROR)
                            && (r.action() == RuleResult.FailureAction.ENFORCE || !auditWarn));
        }
    }

    public static Result apply(PolicySet policies, List<JsonNode> resources, Verifications verifications, Instant now) {
        Map<String, Map<String, String>> annotations = PolicyReports.annotations(policies);
        List<Outcome> outcomes = resources.stream().map(object -> {
            AdmissionResource resource = AdmissionResource.of(object);
            Decision decision = Admission.decide(policies, resource, verifications);
            // a denied resource is not stored, but kyverno apply still shows what mutation produced: pins of passing rules
            List<RuleResult.ImagePatch> patches = decision.results().stream().flatMap(r -> r.patch().stream()).toList();
            JsonNode mutated = ImagePatches.apply(object, distinct(patches));
            return new Outcome(resource, decision, mutated, PolicyReports.build(resource, decision.results(), annotations, now));
        }).toList();
        return new Result(outcomes);
    }

    private static List<RuleResult.ImagePatch> distinct(List<RuleResult.ImagePatch> patches) {
        Map<String, RuleResult.ImagePatch> byPointer = new java.util.LinkedHashMap<>();
        patches.forEach(p -> byPointer.putIfAbsent(p.pointer(), p));
        return List.copyOf(byPointer.values());
    }
}
