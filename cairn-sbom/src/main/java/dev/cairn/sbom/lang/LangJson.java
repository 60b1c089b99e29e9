package dev.cairn.sbom.lang;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * JSON reading shared by the language catalogers. Files come from untrusted images, so the parser
 * is built with tight limits (nesting depth, string and name length) and callers stream the top
 * level, materialising only one entry at a time as a tree: memory follows the largest entry, not
 * the file.
 */
final class LangJson {
    /** Deep enough for npm v1 lockfiles (two levels per node_modules nesting), far below stack trouble. */
    static final int MAX_DEPTH = 128;
    static final int MAX_STRING = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(1 << 16)
                    .maxNumberLength(1000)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private LangJson() {
    }

    static JsonParser parser(InputStream in) throws IOException {
        JsonParser p = MAPPER.createParser(in);
        return p;
    }

    /** Reads the value the parser is on (its first token already current) as a tree. */
    static JsonNode tree(JsonParser p) throws IOException {
        JsonNode n = MAPPER.readTree(p);
        return n == null ? MAPPER.missingNode() : n;
    }

    /** A text field, if present, textual and not blank. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
    }

    /** The field names of an object field, at most {@code max}; empty when absent or not an object. */
    static List<String> keys(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v != null && v.isObject()) {
            for (Iterator<String> it = v.fieldNames(); it.hasNext() && out.size() < max; ) {
                String k = it.next();
                if (!k.isBlank()) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** Moves to the next token, failing on a truncated document instead of returning null. */
    static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
        }
        return t;
    }
}
