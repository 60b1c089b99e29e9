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
        return MAPPER.createParser(in);
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

    /** Sees one field of an object, the parser on its value; returns whether it consumed the value. */
    @FunctionalInterface
    interface FieldVisitor {
        boolean visit(String name, JsonParser p) throws IOException;
    }

    /**
     * Walks the fields of the object the parser is on, leaving it on the object's end. Values the
     * visitor does not consume are skipped without being built, so a huge field we do not need
     * (a package's README, mime-db's table) costs nothing.
     */
    static void forEachField(JsonParser p, FieldVisitor visitor) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected an object");
        }
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            next(p);
            if (!visitor.visit(name, p)) {
                p.skipChildren();
            }
        }
    }

    /** A parser error as one line a user can act on: the message and where, without Jackson's source excerpt. */
    static String oneLine(com.fasterxml.jackson.core.JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        msg = msg.replaceAll("\\s+", " ").strip();
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "…";
        }
        var loc = e.getLocation();
        return loc == null ? msg : msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
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
