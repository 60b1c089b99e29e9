package dev.cairn.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A parsed OCI (or Docker v2) manifest: either one image/artifact or an index of manifests. */
public sealed interface Manifest permits Manifest.Image, Manifest.Index {
    String mediaType();

    Optional<Descriptor> subject();

    Optional<String> artifactType();

    Map<String, String> annotations();

    /** An image or artifact manifest: a config blob and layers. */
    record Image(String mediaType, Descriptor config, List<Descriptor> layers, Optional<Descriptor> subject,
                 Optional<String> artifactType, Map<String, String> annotations) implements Manifest {
        public Image {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(config, "config");
            layers = List.copyOf(layers);
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(artifactType, "artifactType");
            annotations = Map.copyOf(annotations);
        }
    }

    /** An image index (or Docker manifest list). */
    record Index(String mediaType, List<Descriptor> manifests, Optional<Descriptor> subject,
                 Optional<String> artifactType, Map<String, String> annotations) implements Manifest {
        public Index {
            Objects.requireNonNull(mediaType, "mediaType");
            manifests = List.copyOf(manifests);
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(artifactType, "artifactType");
            annotations = Map.copyOf(annotations);
        }
    }
}
