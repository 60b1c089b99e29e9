package dev.cairn.sign.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** in-toto Statement JSON (v1, and v0.1 as legacy cosign attestations still carry). */
public final class StatementJson {
    private static final int MAX_SUBJECTS = 1024;

    private StatementJson() {
    }

    /** Encodes a statement; {@code subjectAnnotations} go on every subject (cosign's sign/v1 carries -a there). */
    public static byte[] encode(Statement statement, Map<String, String> subjectAnnotations) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("_type", statement.type());
        var subjects = root.putArray("subject");
        for (Statement.Subject s : statement.subject()) {
            ObjectNode subject = subjects.addObject();
            if (!s.name().isEmpty()) {
                subject.put("name", s.name());
            }
            ObjectNode digest = subject.putObject("digest");
            s.digest().forEach(digest::put);
            if (!subjectAnnotations.isEmpty()) {
                ObjectNode annotations = subject.putObject("annotations");
                new java.util.TreeMap<>(subjectAnnotations).forEach(annotations::put);
            }
        }
        root.put("predicateType", statement.predicateType());
        root.set("predicate", statement.predicate());
        return Json.bytes(root);
    }

    public static Statement decode(JsonNode root) {
        String what = "in-toto statement";
        String type = Json.text(root, "_type", what);
        if (!type.equals(Statement.TYPE_V1) && !type.equals(Statement.TYPE_V01)) {
            throw CairnException.invalid(what + " has unknown _type '" + type + "'");
        }
        JsonNode subjects = root.path("subject");
        if (!subjects.isArray() || subjects.isEmpty()) {
            throw CairnException.invalid(what + " has no subject");
        }
        if (subjects.size() > MAX_SUBJECTS) {
            throw CairnException.invalid(what + " has " + subjects.size() + " subjects; the limit is " + MAX_SUBJECTS);
        }
        List<Statement.Subject> list = new ArrayList<>();
        for (JsonNode s : subjects) {
            Map<String, String> digest = new LinkedHashMap<>();
            s.path("digest").properties().forEach(e -> digest.put(e.getKey(), e.getValue().asText()));
            list.add(new Statement.Subject(s.path("name").asText(""), digest));
        }
        JsonNode predicate = root.get("predicate");
        return new Statement(type, list, Json.text(root, "predicateType", what),
                predicate == null ? Json.MAPPER.createObjectNode() : predicate);
    }

    /** The string annotations of the statement's subjects, merged (cosign's sign/v1 carries -a here). */
    public static Map<String, String> subjectAnnotations(JsonNode root) {
        Map<String, String> annotations = new LinkedHashMap<>();
        for (JsonNode s : root.path("subject")) {
            s.path("annotations").properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    annotations.put(e.getKey(), e.getValue().textValue());
                }
            });
        }
        return annotations;
    }
}
