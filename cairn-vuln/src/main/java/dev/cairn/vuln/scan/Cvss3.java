package dev.cairn.vuln.scan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * CVSS v3.x base score, as specified in the CVSS v3.1 specification, section 7 (formulas) and
 * Appendix A ({@code Roundup}). A {@code CVSS:3.0/} vector is scored with the same formula; the
 * 3.0 spec's simpler round-up can differ from 3.1's in the last decimal for rare inputs, and Cairn
 * reports the 3.1 value for both.
 */
public final class Cvss3 {
    private Cvss3() {}

    private static final Set<String> BASE = Set.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

    /** A parsed base vector and its score. */
    public record Score(String vector, String version, double baseScore) {
        public Score {
            Objects.requireNonNull(vector, "vector");
            Objects.requireNonNull(version, "version");
        }

        public Severity severity() {
            return Severity.ofCvssScore(baseScore);
        }
    }

    /**
     * The base score of a v3.0/v3.1 vector, or empty when the string is not one (wrong prefix, a
     * base metric missing or repeated, an unknown value). Temporal and environmental metrics may be
     * present and are ignored: the base score is what sources publish.
     */
    public static Optional<Score> score(String vector) {
        if (vector == null || vector.length() > 200) {
            return Optional.empty();
        }
        String[] parts = vector.trim().split("/");
        if (parts.length < 9 || !(parts[0].equals("CVSS:3.1") || parts[0].equals("CVSS:3.0"))) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split(":", -1);
            if (kv.length != 2 || kv[0].isEmpty() || kv[1].isEmpty() || m.put(kv[0], kv[1]) != null) {
                return Optional.empty();
            }
        }
        if (!m.keySet().containsAll(BASE)) {
            return Optional.empty();
        }
        boolean changed;
        switch (m.get("S")) {
            case "U" -> changed = false;
            case "C" -> changed = true;
            default -> {
                return Optional.empty();
            }
        }
        Double av = switch (m.get("AV")) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            case "P" -> 0.2;
            default -> null;
        };
        Double ac = switch (m.get("AC")) {
            case "L" -> 0.77;
            case "H" -> 0.44;
            default -> null;
        };
        Double pr = switch (m.get("PR")) {
            case "N" -> 0.85;
            case "L" -> changed ? 0.68 : 0.62;
            case "H" -> changed ? 0.5 : 0.27;
            default -> null;
        };
        Double ui = switch (m.get("UI")) {
            case "N" -> 0.85;
            case "R" -> 0.62;
            default -> null;
        };
        Double c = cia(m.get("C"));
        Double i = cia(m.get("I"));
        Double a = cia(m.get("A"));
        if (av == null || ac == null || pr == null || ui == null || c == null || i == null || a == null) {
            return Optional.empty();
        }
        double iss = 1 - ((1 - c) * (1 - i) * (1 - a));
        double impact = changed
                ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15)
                : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        double base;
        if (impact <= 0) {
            base = 0.0;
        } else if (changed) {
            base = roundup(Math.min(1.08 * (impact + exploitability), 10));
        } else {
            base = roundup(Math.min(impact + exploitability, 10));
        }
        return Optional.of(new Score(vector.trim(), parts[0].substring(5), base));
    }

    private static Double cia(String v) {
        return switch (v) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            case "N" -> 0.0;
            default -> null;
        };
    }

    /** CVSS v3.1 Appendix A: the smallest number, to one decimal, that is equal to or higher than its input. */
    static double roundup(double input) {
        long intInput = Math.round(input * 100000);
        if (intInput % 10000 == 0) {
            return intInput / 100000.0;
        }
        return (Math.floor(intInput / 10000.0) + 1) / 10.0;
    }

    /** A score formatted as sources print it: one decimal. */
    public static String format(double score) {
        return BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
