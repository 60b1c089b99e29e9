package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of one mapping in a policy document: a field Cairn does not know is refused, not
 * skipped, because a skipped field (a typo of {@code attestations}, a newer option) would silently
 * weaken the policy. Every error names the document and the field's path, on one line.
 *
 * @param node   the mapping (or a missing node, read as empty)
 * @param source the document's name, e.g. {@code policies.yaml (document 2)}
 * @param path   where the mapping sits, e.g. {@code spec.authorities[0]}
 */
public record DocumentFields(JsonNode node, String source, String path) {
    /** A string or list longer than this is refused: policies are small, hostile ones are not. */
    public static final int MAX_STRING = 64 * 1024;
    public static final int MAX_ITEMS = 1_000;

    public static DocumentFields root(JsonNode document, String source) {
        return new DocumentFields(document, source, "").requireMapping();
    }

    private DocumentFields requireMapping() {
        if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw error("must be a mapping");
        }
        return this;
    }

    /** Refuses fields outside {@code known}, naming the first one. */
    public DocumentFields only(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw CairnException.invalid(source + ": unknown field " + child(name) + "; Cairn refuses what it cannot enforce (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public DocumentFields object(String name) {
        return new DocumentFields(node.path(name), source, child(name)).requireMapping();
    }

    public Optional<String> string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw CairnException.invalid(source + ": " + child(name) + " must be a string");
        }
        if (value.asText().length() > MAX_STRING) {
            throw CairnException.invalid(source + ": " + child(name) + " is longer than " + MAX_STRING + " characters");
        }
        return Optional.of(value.asText());
    }

    public String requiredString(String name) {
        return string(name).filter(s -> !s.isEmpty())
                .orElseThrow(() -> CairnException.invalid(source + ": " + child(name) + " is required"));
    }

    public Optional<Boolean> bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw CairnException.invalid(source + ": " + child(name) + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** The mappings of a list field (empty when absent). */
    public List<DocumentFields> objects(String name) {
        JsonNode value = node.get(name);
        List<DocumentFields> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        checkList(name, value);
        for (int i = 0; i < value.size(); i++) {
            items.add(new DocumentFields(value.get(i), source, child(name) + "[" + i + "]").requireMapping());
        }
        return items;
    }

    /** The strings of a list field (empty when absent). */
    public List<String> strings(String name) {
        JsonNode value = node.get(name);
        List<String> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        checkList(name, value);
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().length() > MAX_STRING) {
                throw CairnException.invalid(source + ": " + child(name) + " must list strings");
            }
            items.add(item.asText());
        }
        return items;
    }

    private void checkList(String name, JsonNode value) {
        if (!value.isArray()) {
            throw CairnException.invalid(source + ": " + child(name) + " must be a list");
        }
        if (value.size() > MAX_ITEMS) {
            throw CairnException.invalid(source + ": " + child(name) + " lists more than " + MAX_ITEMS + " items");
        }
    }

    /** {@code spec.authorities[0].key}: the path of a field of this mapping, for messages. */
    public String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public CairnException error(String message) {
        return CairnException.invalid(source + ": " + (path.isEmpty() ? "document" : path) + " " + message);
    }

    /** An error about field {@code name} of this mapping. */
    public CairnException error(String name, String message) {
        return CairnException.invalid(source + ": " + child(name) + " " + message);
    }
}
