package dev.cairn.policy;

import java.util.Objects;

/**
 * One image reference in a workload, where it sits and what it says.
 *
 * @param pointer   JSON pointer to the {@code image} field, e.g. {@code /spec/template/spec/containers/0/image};
 *                  digest pinning patches exactly this path
 * @param type      {@code containers}, {@code initContainers}, {@code ephemeralContainers} or {@code volumes}
 * @param container the container's name (for an image volume, the volume's)
 * @param image     the reference as written in the resource
 */
public record ContainerImage(String pointer, String type, String container, String image) {
    public ContainerImage {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(image, "image");
    }
}
