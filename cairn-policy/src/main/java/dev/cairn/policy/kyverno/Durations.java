package dev.cairn.policy.kyverno;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration}: {@code 1h30m}, {@code 1.5s}, {@code -2m}, {@code 0}; seconds out. */
final class Durations {
    private static final Pattern WHOLE = Pattern.compile("[-+]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Double> UNIT = Map.of("ns", 1e-9, "us", 1e-6, "µs", 1e-6, "μs", 1e-6,
            "ms", 1e-3, "s", 1.0, "m", 60.0, "h", 3600.0);

    private Durations() {
    }

    static Optional<Double> seconds(String text) {
        if (text.length() > 64) {
            return Optional.empty();
        }
        if (text.equals("0") || text.equals("+0") || text.equals("-0")) {
            return Optional.of(0.0);
        }
        if (!WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        double total = 0;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            total += Double.parseDouble(m.group(1)) * UNIT.get(m.group(2));
        }
        return Optional.of(text.startsWith("-") ? -total : total);
    }
}
