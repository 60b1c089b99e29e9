package dev.cairn.vuln.scan;

import java.util.Locale;
import java.util.Optional;

/** How bad a finding is, in the words scanners share. Ordered from least to most severe. */
public enum Severity {
    UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH, CRITICAL;

    /** Lower-case label used in every report: {@code critical}, {@code high} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /**
     * A severity word as sources write it: our labels, GHSA's {@code MODERATE}, Debian's urgencies
     * ({@code unimportant}, {@code low*}, {@code not yet assigned}), Red Hat's {@code important}.
     * Empty for a word nobody uses.
     */
    public static Optional<Severity> parse(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String w = word.trim().toLowerCase(Locale.ROOT).replace("*", "").replace("**", "");
        return Optional.ofNullable(switch (w) {
            case "critical" -> CRITICAL;
            case "high", "important" -> HIGH;
            case "medium", "moderate" -> MEDIUM;
            case "low" -> LOW;
            case "negligible", "unimportant", "end-of-life" -> NEGLIGIBLE;
            case "unknown", "not yet assigned", "none" -> UNKNOWN;
            default -> null;
        });
    }

    /** The qualitative rating of a CVSS v3.x / v4.0 score (both specs use the same bands). */
    public static Severity ofCvssScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        if (score > 0.0) {
            return LOW;
        }
        return NEGLIGIBLE;
    }
}
