package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images of a Pod or of a pod controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob): containers, initContainers and ephemeralContainers of its pod template, and image
 * volumes ({@code volumes[].image.reference}, Kubernetes 1.31+) — content a pod mounts from a
 * registry is as much a supply-chain input as what it runs, and leaving it out would be a bypass.
 */
public final class PodImages {
    /** A request listing more images than this is refused rather than verified: the work must stay bounded. */
    public static final int MAX_IMAGES = 1_000;
    private static final List<String> TYPES = List.of("initContainers", "containers", "ephemeralContainers");
    /** The {@link ContainerImage#type()} of an image volume; its container is the volume's name. */
    public static final String VOLUMES = "volumes";

    private PodImages() {
    }

    /** Where the pod spec sits in an object of this kind; empty for kinds that run no pods. */
    public static Optional<String> podSpecPointer(String kind) {
        return switch (kind) {
            case "Pod" -> Optional.of("/spec");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" ->
                    Optional.of("/spec/template/spec");
            case "CronJob" -> Optional.of("/spec/jobTemplate/spec/template/spec");
            default -> Optional.empty();
        };
    }

    /** Every image in the object, in the order containers appear (init, regular, ephemeral). */
    public static List<ContainerImage> all(String kind, JsonNode object) {
        Optional<String> specPointer = podSpecPointer(kind);
        if (specPointer.isEmpty()) {
            return List.of();
        }
        JsonNode spec = object.at(specPointer.get());
        List<ContainerImage> images = new ArrayList<>();
        for (String type : TYPES) {
            JsonNode containers = spec.path(type);
            if (!containers.isArray()) {
                continue;
            }
            if (images.size() + containers.size() > MAX_IMAGES) {
                throw CairnException.invalid(kind + " lists more than " + MAX_IMAGES + " container images; refusing to verify so many in one request");
            }
            for (int i = 0; i < containers.size(); i++) {
                JsonNode image = containers.get(i).path("image");
                if (image.isTextual()) {
                    images.add(new ContainerImage(specPointer.get() + "/" + type + "/" + i + "/image", type,
                            containers.get(i).path("name").asText(""), image.asText()));
                }
            }
        }
        JsonNode volumes = spec.path("volumes");
        if (volumes.isArray()) {
            for (int i = 0; i < volumes.size(); i++) {
                JsonNode reference = volumes.get(i).path("image").path("reference");
                if (reference.isTextual()) {
                    if (images.size() == MAX_IMAGES) {
                        throw CairnException.invalid(kind + " lists more than " + MAX_IMAGES + " images; refusing to verify so many in one request");
                    }
                    images.add(new ContainerImage(specPointer.get() + "/volumes/" + i + "/image/reference", VOLUMES,
                            volumes.get(i).path("name").asText(""), reference.asText()));
                }
            }
        }
        return List.copyOf(images);
    }

    /**
     * The images to verify for this request: all of them, except on UPDATE where an image that the
     * same container already had is not verified again (it was admitted before).
     */
    public static List<ContainerImage> toVerify(AdmissionResource resource) {
        List<ContainerImage> now = all(resource.kind(), resource.object());
        if (resource.operation() != AdmissionResource.Operation.UPDATE || resource.oldObject().isEmpty()) {
            return now;
        }
        Map<String, String> before = new HashMap<>();
        for (ContainerImage old : all(resource.kind(), resource.oldObject().get())) {
            before.put(old.type() + "/" + old.container(), old.image());
        }
        return now.stream().filter(c -> !c.image().equals(before.get(c.type() + "/" + c.container()))).toList();
    }
}
