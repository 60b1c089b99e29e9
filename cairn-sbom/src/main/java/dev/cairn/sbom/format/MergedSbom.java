package dev.cairn.sbom.format;

import dev.cairn.sbom.Sbom;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several SBOMs rendered as one CycloneDX document under a new root component {@code name}/{@code version}.
 * Flat: the union of all components, deduplicated by PURL, dependencies unioned. Hierarchical: one
 * component per input (its subject) with that input's components nested inside it.
 * {@link CycloneDxWriter#write(MergedSbom, java.io.OutputStream)} renders it.
 */
public record MergedSbom(String name, Optional<String> version, boolean hierarchical, List<Sbom> inputs, Instant created) {
    public MergedSbom {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(created, "created");
    }
}
