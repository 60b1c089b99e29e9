package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One package found in an image or directory.
 *
 * @param namespace  PURL namespace: Maven groupId, npm scope ({@code @babel}), Go module path prefix;
 *                   for OS packages the distro ID is filled in from os-release when the PURL is made
 * @param qualifiers PURL qualifiers the cataloger knows (arch, epoch, upstream); the distro qualifier is added later
 * @param source     the source package (dpkg {@code Source:}, apk origin, rpm SOURCERPM) and its version
 * @param path       the file the package was read from, without a leading slash
 * @param layer      the diffID of the layer that file came from (empty for a directory)
 * @param dependsOn  names of packages of the same ecosystem this one depends on, as the source states them
 */
public record Package(Ecosystem ecosystem, Optional<String> namespace, String name, String version,
                      Map<String, String> qualifiers, Optional<Source> source, List<String> licenses,
                      String path, Optional<Digest> layer, List<String> dependsOn) {
    public Package {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        qualifiers = Map.copyOf(qualifiers);
        Objects.requireNonNull(source, "source");
        licenses = List.copyOf(licenses);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(layer, "layer");
        dependsOn = List.copyOf(dependsOn);
        if (name.isBlank()) {
            throw new IllegalArgumentException("package name is blank (" + path + ")");
        }
    }

    /** A source package and its version, as OS package databases record them. */
    public record Source(String name, String version) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A package with only the essentials; catalogers refine it with the {@code with…} methods. */
    public static Package of(Ecosystem ecosystem, String name, String version, String path) {
        return new Package(ecosystem, Optional.empty(), name, version, Map.of(), Optional.empty(), List.of(), path,
                Optional.empty(), List.of());
    }

    public Package withNamespace(String ns) {
        return new Package(ecosystem, Optional.ofNullable(ns).filter(s -> !s.isEmpty()), name, version, qualifiers, source, licenses, path, layer, dependsOn);
    }

    public Package withQualifiers(Map<String, String> q) {
        return new Package(ecosystem, namespace, name, version, q, source, licenses, path, layer, dependsOn);
    }

    public Package withSource(String sourceName, String sourceVersion) {
        return new Package(ecosystem, namespace, name, version, qualifiers, Optional.of(new Source(sourceName, sourceVersion)), licenses, path, layer, dependsOn);
    }

    public Package withLicenses(List<String> l) {
        return new Package(ecosystem, namespace, name, version, qualifiers, source, l, path, layer, dependsOn);
    }

    public Package withLayer(Optional<Digest> diffId) {
        return new Package(ecosystem, namespace, name, version, qualifiers, source, licenses, path, diffId, dependsOn);
    }

    public Package withDependsOn(List<String> names) {
        return new Package(ecosystem, namespace, name, version, qualifiers, source, licenses, path, layer, names);
    }
}
