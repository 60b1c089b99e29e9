package dev.cairn.policy;

import dev.cairn.model.CairnException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluates every policy of a set against one resource and folds the results into a {@link Decision}. */
public final class Admission {
    private Admission() {
    }

    public static Decision decide(PolicySet policies, AdmissionResource resource, Verifications verifications) {
        List<List<RuleResult>> perPolicy = Parallel.map(policies.policies(), policy -> evaluate(policy, resource, verifications));
        List<RuleResult> results = perPolicy.stream().flatMap(List::stream).toList();
        return fold(resource, results);
    }

    /** A policy that throws is an error that denies (fail closed), never a silent pass. */
    private static List<RuleResult> evaluate(ImagePolicy policy, AdmissionResource resource, Verifications verifications) {
        try {
            return policy.evaluate(resource, verifications);
        } catch (CairnException e) {
            return List.of(new RuleResult(policy.name(), "-", Optional.empty(), RuleResult.Status.ERROR, e.getMessage(),
                    RuleResult.FailureAction.ENFORCE, Optional.empty()));
        }
    }

    static Decision fold(AdmissionResource resource, List<RuleResult> results) {
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, RuleResult.ImagePatch> patches = new LinkedHashMap<>();
        for (RuleResult result : results) {
            if (result.denies()) {
                denials.add(result.describe());
            } else if (result.warns()) {
                warnings.add(result.describe());
            }
            result.patch().ifPresent(p -> patches.putIfAbsent(p.pointer(), p));
        }
        if (!denials.isEmpty()) {
            return new Decision(false, resource.display() + " denied by image policy: " + String.join("; ", denials),
                    warnings, List.of(), results);
        }
        return new Decision(true, "", warnings, List.copyOf(patches.values()), results);
    }
}
