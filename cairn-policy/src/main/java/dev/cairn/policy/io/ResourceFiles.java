package dev.cairn.policy.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes resources from YAML/JSON files and directories (multi-document; {@code kind: List} expanded). */
public final class ResourceFiles {
    public static final int MAX_RESOURCES = 10_000;

    private ResourceFiles() {
    }

    public static List<JsonNode> load(List<Path> paths) {
        List<JsonNode> out = new ArrayList<>();
        for (Path file : PolicyFiles.files(paths)) {
            byte[] bytes;
            try {
                if (Files.size(file) > PolicyLoader.MAX_FILE_BYTES) {
                    throw CairnException.invalid(file + ": resource file is larger than " + PolicyLoader.MAX_FILE_BYTES + " bytes");
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw CairnException.io("cannot read resource " + file + ": " + e.getMessage(), e);
            }
            for (JsonNode doc : PolicyLoader.documents(bytes, file.toString())) {
                if (doc.path("kind").asText().endsWith("List") && doc.path("items").isArray()) {
                    doc.path("items").forEach(out::add);
                } else {
                    out.add(doc);
                }
                if (out.size() > MAX_RESOURCES) {
                    throw CairnException.invalid("more than " + MAX_RESOURCES + " resources");
                }
            }
        }
        for (JsonNode r : out) {
            if (!r.path("kind").isTextual() || !r.path("apiVersion").isTextual()) {
                throw CairnException.invalid("a resource has no apiVersion and kind");
            }
        }
        return out;
    }
}
