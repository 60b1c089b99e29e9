package dev.cairn.vuln.scan;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a scan passes. Each finding is first checked against VEX (a statement that the
 * package is not affected or fixed), then the ignore rules (not expired), then
 * {@code ignoreUnfixed} (findings with {@link FixState#NOT_FIXED}; {@code UNKNOWN} is kept, since
 * it may well be fixable). What is left is kept; the gate fails when a kept finding is at or above
 * {@code failOn}. Findings of {@link Severity#UNKNOWN} severity never reach a threshold; with no
 * {@code failOn} the gate always passes.
 */
public record Gate(Optional<Severity> failOn, boolean ignoreUnfixed, IgnoreRules rules, Vex vex) {
    public Gate {
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(vex, "vex");
    }

    /** Reports everything, fails on nothing. */
    public static Gate reportOnly() {
        return new Gate(Optional.empty(), false, IgnoreRules.none(), Vex.none());
    }

    public GateResult evaluate(List<Finding> findings) {
        return evaluate(findings, LocalDate.now(Clock.systemUTC()));
    }

    /** @param today the day against which ignore rules' {@code expires} dates are read (UTC) */
    public GateResult evaluate(List<Finding> findings, LocalDate today) {
        List<Finding> kept = new ArrayList<>();
        List<GateResult.Suppressed> suppressed = new ArrayList<>();
        for (Finding f : findings) {
            Optional<Suppression> why = vex.match(f).<Suppression>map(s -> s)
                    .or(() -> rules.match(f, today).map(Suppression.IgnoredByRule::new))
                    .or(() -> ignoreUnfixed && f.fixState() == FixState.NOT_FIXED
                            ? Optional.of(new Suppression.Unfixed()) : Optional.empty());
            if (why.isPresent()) {
                suppressed.add(new GateResult.Suppressed(f, why.get()));
            } else {
                kept.add(f);
            }
        }
        List<Finding> failing = failOn.map(t -> kept.stream()
                .filter(f -> f.level() != Severity.UNKNOWN && f.level().atLeast(t)).toList()).orElse(List.of());
        List<String> warnings = new ArrayList<>();
        for (IgnoreRules.Rule r : rules.rules()) {
            if (r.expiredOn(today)) {
                warnings.add("ignore rule " + r.criteria() + " expired on " + r.expires().orElseThrow()
                        + "; its findings are reported again");
            }
        }
        return new GateResult(failing.isEmpty(), failOn, kept, failing, suppressed, warnings);
    }
}
