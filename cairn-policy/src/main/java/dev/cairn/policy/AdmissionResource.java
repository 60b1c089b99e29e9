package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;

import java.util.Objects;
import java.util.Optional;

/**
 * One Kubernetes object under evaluation: from an AdmissionReview request at the webhook, or from a
 * file in {@code cairn policy apply} (where it is treated as a CREATE).
 *
 * @param object    the object as it would be stored (never null; for DELETE, the old object)
 * @param oldObject on UPDATE, the object as it was; images unchanged since then are not re-verified
 */
public record AdmissionResource(String apiVersion, String kind, String namespace, String name, Operation operation,
                                JsonNode object, Optional<JsonNode> oldObject, boolean dryRun) {
    public enum Operation { CREATE, UPDATE, DELETE, CONNECT }

    public AdmissionResource {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(oldObject, "oldObject");
    }

    /** An object from a file, as {@code kyverno apply} sees it: a CREATE, in its own namespace or {@code default}. */
    public static AdmissionResource of(JsonNode object) {
        Objects.requireNonNull(object, "object");
        if (!object.isObject() || !object.path("kind").isTextual() || !object.path("apiVersion").isTextual()) {
            throw CairnException.invalid("resource has no apiVersion and kind");
        }
        JsonNode metadata = object.path("metadata");
        String name = metadata.path("name").asText(metadata.path("generateName").asText(""));
        return new AdmissionResource(object.path("apiVersion").asText(), object.path("kind").asText(),
                metadata.path("namespace").asText("default"), name, Operation.CREATE, object, Optional.empty(), false);
    }

    /** {@code Pod/default/web}, how reports and messages name the resource. */
    public String display() {
        return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
