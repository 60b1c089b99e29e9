package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What was found in one image or directory. */
public record Sbom(Subject subject, Optional<OsRelease> os, List<Package> packages, List<String> warnings, Instant created) {
    public Sbom {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(os, "os");
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(created, "created");
    }

    /**
     * What was scanned: an image ({@code digest} present, {@code layers} its diffIDs in order) or a
     * directory. {@code name} is how the user named it.
     */
    public record Subject(String name, Optional<Digest> digest, List<Digest> layers, boolean container) {
        public Subject {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
            layers = List.copyOf(layers);
        }
    }
}
