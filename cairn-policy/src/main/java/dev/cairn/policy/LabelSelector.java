package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes {@code metav1.LabelSelector} ({@code matchLabels} and {@code matchExpressions} with
 * In, NotIn, Exists, DoesNotExist), as policy-controller's {@code match[].selector} and Kyverno's
 * {@code objectSelector} use it. All requirements must hold; an empty selector matches everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> expressions) {
    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        expressions = List.copyOf(expressions);
    }

    public record Requirement(String key, String operator, List<String> values) {
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && expressions.isEmpty();
    }

    public static LabelSelector parse(DocumentFields selector) {
        selector.only(Set.of("matchLabels", "matchExpressions"));
        Map<String, String> labels = new TreeMap<>();
        DocumentFields matchLabels = selector.object("matchLabels");
        matchLabels.node().fieldNames().forEachRemaining(k -> labels.put(k, matchLabels.string(k).orElse("")));
        List<Requirement> expressions = selector.objects("matchExpressions").stream().map(e -> {
            e.only(Set.of("key", "operator", "values"));
            String operator = e.requiredString("operator");
            List<String> values = e.strings("values");
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        throw e.error("values", "must not be empty for operator " + operator);
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        throw e.error("values", "must be empty for operator " + operator);
                    }
                }
                default -> throw e.error("operator", "'" + (operator.length() > 40 ? operator.substring(0, 40) + "…" : operator) + "' is not In, NotIn, Exists or DoesNotExist");
            }
            return new Requirement(e.requiredString("key"), operator, values);
        }).toList();
        return new LabelSelector(labels, expressions);
    }

    /** Whether an object with these labels ({@code metadata.labels}) is selected. */
    public boolean matches(JsonNode labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!labels.path(e.getKey()).isTextual() || !labels.path(e.getKey()).asText().equals(e.getValue())) {
                return false;
            }
        }
        for (Requirement r : expressions) {
            boolean present = labels.path(r.key()).isTextual();
            String value = labels.path(r.key()).asText();
            boolean ok = switch (r.operator()) {
                case "In" -> present && r.values().contains(value);
                case "NotIn" -> !present || !r.values().contains(value);
                case "Exists" -> present;
                default -> !present;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
