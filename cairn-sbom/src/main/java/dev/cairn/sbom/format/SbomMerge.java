package dev.cairn.sbom.format;

import dev.cairn.model.CairnException;
import dev.cairn.sbom.Sbom;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Combines SBOMs into one CycloneDX document; see {@link MergedSbom}. */
public final class SbomMerge {
    private SbomMerge() {
    }

    /**
     * @param name         the new root component's name; by default the inputs' names joined with {@code +}
     * @param version      the new root component's version, if any
     * @param hierarchical one component per input with its components nested, rather than a flat union
     */
    public static MergedSbom merge(List<Sbom> inputs, Optional<String> name, Optional<String> version, boolean hierarchical) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (inputs.isEmpty()) {
            throw CairnException.invalid("nothing to merge: give at least one SBOM");
        }
        String rootName = name.filter(n -> !n.isBlank())
                .orElseGet(() -> inputs.stream().map(s -> s.subject().name()).distinct().collect(Collectors.joining(" + ")));
        return new MergedSbom(rootName, version.filter(v -> !v.isBlank()), hierarchical, inputs, Instant.now());
    }
}
