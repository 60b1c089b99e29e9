package dev.cairn.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OCI content descriptor: what a manifest says about a blob or another manifest. */
public record Descriptor(String mediaType, Digest digest, long size, Optional<String> artifactType,
                         Map<String, String> annotations, Optional<Platform> platform) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(platform, "platform");
        annotations = Map.copyOf(annotations);
        if (size < 0) {
            throw CairnException.invalid("descriptor " + digest + " has negative size " + size);
        }
    }

    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.sha256(content), content.length, Optional.empty(), Map.of(), Optional.empty());
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, artifactType, newAnnotations, platform);
    }

    public Descriptor withArtifactType(String type) {
        return new Descriptor(mediaType, digest, size, Optional.of(type), annotations, platform);
    }
}
