package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code conditions[]} item: {@code any} (at least one holds; absent means true) and {@code all}
 * (every one holds). A list of these holds when every item holds (Kyverno's EvaluateAnyAllConditions).
 */
record Conditions(Optional<List<Condition>> any, List<Condition> all) {
    Conditions {
        any = any.map(List::copyOf);
        all = List.copyOf(all);
    }

    /** {@code key operator value}; key and value may hold {@code {{ JMESPath }}} variables. */
    record Condition(JsonNode key, Operator operator, JsonNode value, String message) {
        Condition {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The outcome over one statement's predicate: whether every item held, and why not. */
    record Outcome(boolean holds, String message) {
    }

    /** Evaluates a list of items over {@code context}; a variable that does not resolve is an error (fail closed). */
    static Outcome evaluate(List<Conditions> items, JsonNode context) {
        for (Conditions item : items) {
            Outcome outcome = item.evaluate(context);
            if (!outcome.holds()) {
                return outcome;
            }
        }
        return new Outcome(true, "");
    }

    private Outcome evaluate(JsonNode context) {
        List<String> falseMessages = new ArrayList<>();
        boolean anyHolds = true;
        if (any.isPresent()) {
            anyHolds = false;
            for (Condition c : any.get()) {
                if (holds(c, context)) {
                    anyHolds = true;
                    break;
                }
                falseMessages.add(describe(c, context));
            }
        }
        boolean allHold = true;
        for (Condition c : all) {
            if (!holds(c, context)) {
                allHold = false;
                falseMessages.add(describe(c, context));
                break;
            }
        }
        return anyHolds && allHold ? new Outcome(true, "") : new Outcome(false, String.join("; ", falseMessages));
    }

    private static boolean holds(Condition c, JsonNode context) {
        JsonNode key = Variables.substitute(c.key(), context);
        JsonNode value = Variables.substitute(c.value(), context);
        return c.operator().evaluate(key, value);
    }

    /** The condition's own message when it has one (as Kyverno), else what was compared. */
    private static String describe(Condition c, JsonNode context) {
        if (!c.message().isEmpty()) {
            return c.message();
        }
        JsonNode key = Variables.substitute(c.key(), context);
        String shown = key.isTextual() ? key.asText() : key.toString();
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "…";
        }
        return c.key().toString() + " (" + shown + ") " + c.operator().wire() + " " + c.value();
    }
}
