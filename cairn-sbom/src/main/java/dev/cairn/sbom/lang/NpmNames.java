package dev.cairn.sbom.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What package.json and lockfile entries share: scoped names and licence fields. */
final class NpmNames {
    static final int MAX_DEPENDENCIES = 10_000;

    private NpmNames() {
    }

    /**
     * A package for {@code fullName} ({@code express} or {@code @babel/core}); the scope becomes the
     * PURL namespace, as in {@code pkg:npm/%40babel/core@7.0.0}. Empty for names no registry allows.
     */
    static Optional<Package> pkg(String fullName, String version, FileEntry file) {
        String name = fullName.strip();
        String scope = null;
        if (name.startsWith("@")) {
            int slash = name.indexOf('/');
            if (slash < 2 || slash == name.length() - 1) {
                return Optional.empty();
            }
            scope = name.substring(0, slash);
            name = name.substring(slash + 1);
        }
        if (name.isBlank() || name.contains("/") || version.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Package.of(Ecosystem.NPM, name, version.strip(), file.path())
                .withNamespace(scope)
                .withLayer(file.layer()));
    }

    /** {@code "license": "MIT"}, {@code "license": {"type": "MIT"}} and the old {@code "licenses": [...]} array. */
    static List<String> licenses(JsonNode license, JsonNode licenses) {
        List<String> out = new ArrayList<>();
        licenseName(license).ifPresent(out::add);
        if (out.isEmpty() && licenses != null && licenses.isArray()) {
            for (JsonNode l : licenses) {
                licenseName(l).filter(x -> out.size() < 100).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<String> licenseName(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        JsonNode text = node.isObject() ? node.get("type") : node;
        return text != null && text.isTextual() && !text.asText().isBlank() ? Optional.of(text.asText().strip()) : Optional.empty();
    }
}
