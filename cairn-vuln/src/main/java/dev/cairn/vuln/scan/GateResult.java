package dev.cairn.vuln.scan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate decided.
 *
 * @param kept findings still reported (suppressed ones removed)
 * @param failing the kept findings at or above {@code failOn}; the gate passed when this is empty
 * @param warnings things a user should know, e.g. ignore rules that have expired
 */
public record GateResult(boolean passed, Optional<Severity> failOn, List<Finding> kept, List<Finding> failing,
                         List<Suppressed> suppressed, List<String> warnings) {
    public GateResult {
        Objects.requireNonNull(failOn, "failOn");
        kept = List.copyOf(kept);
        failing = List.copyOf(failing);
        suppressed = List.copyOf(suppressed);
        warnings = List.copyOf(warnings);
    }

    /** A finding the gate set aside, and why. */
    public record Suppressed(Finding finding, Suppression why) {
        public Suppressed {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(why, "why");
        }
    }
}
