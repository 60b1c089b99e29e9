package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of policy YAML: every field is either understood, known and harmless, or refused
 * with a one-line message naming the document and the field's path. Nothing is silently ignored.
 */
final class Strict {
    private final String source;

    Strict(String source) {
        this.source = source;
    }

    CairnException error(String path, String message) {
        return CairnException.invalid(source + ": " + path + ": " + message);
    }

    /** Refuses fields outside {@code allowed}; {@code refused} maps fields to the reason they are refused. */
    void fields(JsonNode node, String path, Set<String> allowed, Map<String, String> refused) {
        if (!node.isObject()) {
            throw error(path, "expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (refused.containsKey(field) && !isEmpty(node.get(field))) {
                throw error(path + "." + field, refused.get(field));
            }
            if (!allowed.contains(field) && !refused.containsKey(field)) {
                throw error(path + "." + field, "unknown field; Cairn refuses what it cannot enforce exactly as written");
            }
        }
    }

    private static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || (n.isContainerNode() && n.isEmpty()) || (n.isTextual() && n.asText().isEmpty())
                || (n.isBoolean() && !n.booleanValue());
    }

    String text(JsonNode node, String field, String path, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw error(path + "." + field, "expected a string");
        }
        return v.asText();
    }

    boolean bool(JsonNode node, String field, String path, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(path + "." + field, "expected true or false");
        }
        return v.booleanValue();
    }

    List<JsonNode> list(JsonNode node, String field, String path, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(path + "." + field, "expected a list");
        }
        if (v.size() > max) {
            throw error(path + "." + field, v.size() + " items; the limit is " + max);
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A present list ({@code any: []} is present and empty, unlike a missing {@code any}). */
    Optional<List<JsonNode>> optionalList(JsonNode node, String field, String path, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(list(node, field, path, max));
    }

    List<String> strings(JsonNode node, String field, String path, int max) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(node, field, path, max);
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw error(path + "." + field + "[" + i + "]", "expected a string");
            }
            out.add(items.get(i).asText());
        }
        return out;
    }

    Map<String, String> stringMap(JsonNode node, String field, String path, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw error(path + "." + field, "expected a mapping of strings");
        }
        if (v.size() > max) {
            throw error(path + "." + field, v.size() + " entries; the limit is " + max);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw error(path + "." + field + "." + e.getKey(), "expected a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
