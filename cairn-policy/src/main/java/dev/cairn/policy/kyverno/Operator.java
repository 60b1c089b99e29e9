package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.policy.Wildcard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Kyverno's condition operators ({@code pkg/engine/variables/operator}), with their loose typing:
 * strings compare as durations, then Kubernetes quantities, then wildcard patterns; {@code In}-style
 * operators accept a list or a JSON-encoded list as value and match elements with wildcards both
 * ways; numeric comparisons also read durations, quantities and semantic versions. A key or value
 * of a type the operator does not handle makes the condition false, as in Kyverno.
 */
enum Operator {
    EQUALS("Equals"), NOT_EQUALS("NotEquals"),
    IN("In"), ANY_IN("AnyIn"), ALL_IN("AllIn"), NOT_IN("NotIn"), ANY_NOT_IN("AnyNotIn"), ALL_NOT_IN("AllNotIn"),
    GREATER_THAN_OR_EQUALS("GreaterThanOrEquals"), GREATER_THAN("GreaterThan"),
    LESS_THAN_OR_EQUALS("LessThanOrEquals"), LESS_THAN("LessThan"),
    DURATION_GREATER_THAN_OR_EQUALS("DurationGreaterThanOrEquals"), DURATION_GREATER_THAN("DurationGreaterThan"),
    DURATION_LESS_THAN_OR_EQUALS("DurationLessThanOrEquals"), DURATION_LESS_THAN("DurationLessThan");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String wire;

    Operator(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /** Case-insensitive, with Kyverno's deprecated {@code Equal}/{@code NotEqual} spellings. */
    static Operator parse(String name, String where) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("equal")) {
            return EQUALS;
        }
        if (lower.equals("notequal")) {
            return NOT_EQUALS;
        }
        for (Operator o : values()) {
            if (o.wire.toLowerCase(Locale.ROOT).equals(lower)) {
                return o;
            }
        }
        throw CairnException.invalid(where + ": unknown condition operator '" + name + "'");
    }

    boolean evaluate(JsonNode key, JsonNode value) {
        return switch (this) {
            case EQUALS -> equalsKyverno(key, value);
            case NOT_EQUALS -> supportedEqualityKey(key) && !equalsKyverno(key, value);
            case IN -> in(key, value, false);
            case NOT_IN -> in(key, value, true);
            case ANY_IN -> anyOrAll(key, value, true, false);
            case ANY_NOT_IN -> anyOrAll(key, value, true, true);
            case ALL_IN -> anyOrAll(key, value, false, false);
            case ALL_NOT_IN -> anyOrAll(key, value, false, true);
            case GREATER_THAN_OR_EQUALS, GREATER_THAN, LESS_THAN_OR_EQUALS, LESS_THAN -> numeric(key, value);
            default -> duration(key, value);
        };
    }

    // ---- Equals / NotEquals ----

    private static boolean supportedEqualityKey(JsonNode key) {
        return key.isBoolean() || key.isNumber() || key.isTextual() || key.isObject() || key.isArray();
    }

    private static boolean equalsKyverno(JsonNode key, JsonNode value) {
        if (key.isBoolean()) {
            return value.isBoolean() && key.booleanValue() == value.booleanValue();
        }
        if (key.isNumber()) {
            Optional<Double> v = number(value);
            return v.isPresent() && v.get() == key.doubleValue();
        }
        if (key.isTextual()) {
            String k = key.asText();
            if (value.isTextual()) {
                Optional<Double> dk = Durations.seconds(k);
                Optional<Double> dv = Durations.seconds(value.asText());
                if (dk.isPresent() && dv.isPresent()) {
                    return dk.get().equals(dv.get());
                }
                Optional<java.math.BigDecimal> qk = Quantities.parse(k);
                if (qk.isPresent()) {
                    Optional<java.math.BigDecimal> qv = Quantities.parse(value.asText());
                    return qv.isPresent() && qk.get().compareTo(qv.get()) == 0;
                }
                return Wildcard.matches(value.asText(), k);
            }
            return false;
        }
        if (key.isObject() || key.isArray()) {
            return key.equals(value);
        }
        return false;
    }

    private static Optional<Double> number(JsonNode value) {
        if (value.isNumber()) {
            return Optional.of(value.doubleValue());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Double.parseDouble(value.asText()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- In / NotIn (deprecated, exact for lists of keys) ----

    private static boolean in(JsonNode key, JsonNode value, boolean negate) {
        if (isScalar(key)) {
            String k = sprint(key);
            Optional<Boolean> exists;
            if (value.isArray()) {
                boolean found = false;
                for (JsonNode v : value) {
                    String s = sprint(v);
                    if (Wildcard.matches(s, k) || Wildcard.matches(k, s)) {
                        found = true;
                        break;
                    }
                }
                exists = Optional.of(found);
            } else if (value.isTextual()) {
                if (Wildcard.matches(value.asText(), k)) {
                    exists = Optional.of(true);
                } else {
                    exists = stringList(value.asText()).map(list -> list.contains(k));
                }
            } else {
                exists = Optional.empty();
            }
            return exists.map(e -> negate != e).orElse(false);
        }
        if (key.isArray()) {
            List<String> keys = new ArrayList<>();
            for (JsonNode k : key) {
                if (!k.isTextual()) {
                    return false; // Kyverno asserts strings here
                }
                keys.add(k.asText());
            }
            Optional<List<String>> values;
            if (value.isArray()) {
                List<String> vs = new ArrayList<>();
                for (JsonNode v : value) {
                    if (!v.isTextual()) {
                        return false;
                    }
                    vs.add(v.asText());
                }
                values = Optional.of(vs);
            } else if (value.isTextual()) {
                if (keys.size() == 1 && keys.get(0).equals(value.asText())) {
                    return !negate;
                }
                values = stringList(value.asText());
            } else {
                values = Optional.empty();
            }
            if (values.isEmpty()) {
                return false;
            }
            boolean allIn = values.get().containsAll(keys);
            return negate ? !allIn : allIn;
        }
        return false;
    }

    // ---- AnyIn / AllIn / AnyNotIn / AllNotIn (wildcards both ways) ----

    private static boolean anyOrAll(JsonNode key, JsonNode value, boolean any, boolean negate) {
        if (isScalar(key)) {
            String k = sprint(key);
            Optional<Boolean> exists;
            if (value.isArray()) {
                boolean found = false;
                for (JsonNode v : value) {
                    if (matchesEitherWay(k, sprint(v))) {
                        found = true;
                        break;
                    }
                }
                exists = Optional.of(found);
            } else if (value.isTextual()) {
                String v = value.asText();
                if (Wildcard.matches(v, k)) {
                    exists = Optional.of(true);
                } else if (isRange(v)) {
                    exists = Optional.of(inRange(k, v));
                } else {
                    exists = listOrSelf(v).map(list -> list.contains(k));
                }
            } else {
                exists = Optional.empty();
            }
            return exists.map(e -> negate != e).orElse(false);
        }
        if (key.isArray()) {
            List<String> keys = new ArrayList<>();
            key.forEach(k -> keys.add(sprint(k)));
            List<String> values;
            if (value.isArray()) {
                values = new ArrayList<>();
                for (JsonNode v : value) {
                    values.add(sprint(v));
                }
            } else if (any && (value.isNumber() || value.isBoolean())) {
                values = List.of(sprint(value));
            } else if (value.isTextual()) {
                String v = value.asText();
                if (keys.size() == 1 && keys.get(0).equals(v)) {
                    return !negate;
                }
                if (isRange(v)) {
                    return rangeSet(keys, v, any, negate);
                }
                Optional<List<String>> parsed = listOrSelf(v);
                if (parsed.isEmpty()) {
                    return false;
                }
                values = parsed.get();
            } else {
                return false;
            }
            return setMatch(keys, values, any, negate);
        }
        return false;
    }

    private static boolean setMatch(List<String> keys, List<String> values, boolean any, boolean negate) {
        if (any && !negate) { // AnyIn: some key matches some value
            return keys.stream().anyMatch(k -> values.stream().anyMatch(v -> matchesEitherWay(k, v)));
        }
        if (any) { // AnyNotIn: some key matches no value
            return keys.stream().anyMatch(k -> values.stream().noneMatch(v -> matchesEitherWay(k, v)));
        }
        if (!negate) { // AllIn: every key matches some value
            return keys.stream().allMatch(k -> values.stream().anyMatch(v -> matchesEitherWay(k, v)));
        }
        // AllNotIn: no key matches any value
        return keys.stream().noneMatch(k -> values.stream().anyMatch(v -> matchesEitherWay(k, v)));
    }

    private static boolean rangeSet(List<String> keys, String range, boolean any, boolean negate) {
        long inside = keys.stream().filter(k -> inRange(k, range)).count();
        if (any) {
            return negate ? keys.stream().anyMatch(k -> !inRange(k, range)) : inside > 0;
        }
        return negate ? inside == 0 : inside == keys.size();
    }

    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(-?\\d+(?:\\.\\d+)?)-(-?\\d+(?:\\.\\d+)?)");

    /** Kyverno's {@code "1-10"} range value (inclusive), for AnyIn/AllIn. */
    private static boolean isRange(String v) {
        return RANGE.matcher(v).matches();
    }

    private static boolean inRange(String key, String range) {
        java.util.regex.Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            return false;
        }
        try {
            double k = Double.parseDouble(key);
            return k >= Double.parseDouble(m.group(1)) && k <= Double.parseDouble(m.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean matchesEitherWay(String a, String b) {
        return Wildcard.matches(a, b) || Wildcard.matches(b, a);
    }

    /** A JSON list of strings in a string value (In/NotIn); empty when it is not one. */
    private static Optional<List<String>> stringList(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isArray()) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    return Optional.empty();
                }
                out.add(n.asText());
            }
            return Optional.of(out);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** AnyIn, AllIn and their negations: a string that is valid JSON must be a list of strings; any other string is a list of itself. */
    private static Optional<List<String>> listOrSelf(String text) {
        try {
            JSON.readTree(text);
        } catch (java.io.IOException e) {
            return Optional.of(List.of(text));
        }
        return stringList(text);
    }

    private static boolean isScalar(JsonNode n) {
        return n.isTextual() || n.isNumber() || n.isBoolean();
    }

    /** Go's fmt.Sprint for JSON values (numbers come from JSON as float64: 1 prints as 1, 1.5 as 1.5). */
    static String sprint(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        if (n.isBoolean()) {
            return Boolean.toString(n.booleanValue());
        }
        if (n.isNull()) {
            return "<nil>";
        }
        return n.toString();
    }

    // ---- numeric and duration comparisons ----

    private boolean numeric(JsonNode key, JsonNode value) {
        if (key.isNumber()) {
            return numericValue(key.doubleValue(), value);
        }
        if (!key.isTextual()) {
            return false;
        }
        String k = key.asText();
        if (value.isTextual()) {
            Optional<Double> dk = Durations.seconds(k);
            Optional<Double> dv = Durations.seconds(value.asText());
            if (dk.isPresent() && dv.isPresent()) {
                return compare(Double.compare(dk.get(), dv.get()));
            }
            Optional<java.math.BigDecimal> qk = Quantities.parse(k);
            Optional<java.math.BigDecimal> qv = Quantities.parse(value.asText());
            if (qk.isPresent() && qv.isPresent()) {
                return compare(qk.get().compareTo(qv.get()));
            }
        }
        try {
            return numericValue(Double.parseDouble(k), value);
        } catch (NumberFormatException notANumber) {
            Optional<SemVer> vk = SemVer.parse(k);
            if (vk.isPresent() && value.isTextual()) {
                return SemVer.parse(value.asText()).map(vv -> compare(vk.get().compareTo(vv))).orElse(false);
            }
            return false;
        }
    }

    private boolean numericValue(double key, JsonNode value) {
        if (value.isNumber()) {
            return compare(Double.compare(key, value.doubleValue()));
        }
        if (value.isTextual()) {
            try {
                return compare(Double.compare(key, Double.parseDouble(value.asText())));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private boolean duration(JsonNode key, JsonNode value) {
        Optional<Double> k = durationSeconds(key);
        Optional<Double> v = durationSeconds(value);
        return k.isPresent() && v.isPresent() && compare(Double.compare(k.get(), v.get()));
    }

    /** A number is seconds; a string is a Go duration. */
    private static Optional<Double> durationSeconds(JsonNode n) {
        if (n.isNumber()) {
            return Optional.of((double) (long) n.doubleValue());
        }
        if (n.isTextual()) {
            return Durations.seconds(n.asText());
        }
        return Optional.empty();
    }

    private boolean compare(int cmp) {
        return switch (this) {
            case GREATER_THAN_OR_EQUALS, DURATION_GREATER_THAN_OR_EQUALS -> cmp >= 0;
            case GREATER_THAN, DURATION_GREATER_THAN -> cmp > 0;
            case LESS_THAN_OR_EQUALS, DURATION_LESS_THAN_OR_EQUALS -> cmp <= 0;
            case LESS_THAN, DURATION_LESS_THAN -> cmp < 0;
            default -> false;
        };
    }
}
