package dev.cairn.policy;

import java.util.List;
import java.util.Objects;

/**
 * What admission answers for one resource: allowed or denied (with a message naming policy, rule,
 * image and reason), warnings from Audit rules, digest pins to apply, and every rule result for the
 * PolicyReport.
 */
public record Decision(boolean allowed, String message, List<String> warnings, List<RuleResult.ImagePatch> patches,
                       List<RuleResult> results) {
    public Decision {
        Objects.requireNonNull(message, "message");
        warnings = List.copyOf(warnings);
        patches = List.copyOf(patches);
        results = List.copyOf(results);
    }
}
