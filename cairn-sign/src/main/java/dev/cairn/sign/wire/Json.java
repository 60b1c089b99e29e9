package dev.cairn.sign.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.model.CairnException;

import java.util.Base64;

/** The one JSON mapper for signature documents, with nesting and size limits for hostile input. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(32 * 1024 * 1024).maxNumberLength(64).build());
    }

    private Json() {
    }

    /** Parses a JSON object; anything else is refused with a message naming {@code what}. */
    public static JsonNode object(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw CairnException.invalid(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CairnException.invalid(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw CairnException.invalid(what + " cannot be read: " + e.getMessage());
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    /** A required text field. */
    public static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw CairnException.invalid(what + " lacks the string field '" + field + "'");
        }
        return value.textValue();
    }

    /** Base64 as DSSE and protobuf JSON allow it: standard or URL-safe alphabet, padded or not. */
    public static byte[] base64(JsonNode node, String field, String what) {
        String text = text(node, field, what);
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalid(what + " field '" + field + "' is not base64");
        }
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
