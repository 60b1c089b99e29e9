package dev.cairn.sbom.lang;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PHP packages installed by Composer, from {@code vendor/composer/installed.json}: Composer 1
 * writes a top-level array, Composer 2 an object with a {@code packages} array.
 *
 * <p>{@code vendor/pkg} becomes namespace {@code vendor} and name {@code pkg}
 * ({@code pkg:composer/vendor/pkg@1.0.0}). Versions are kept as written, leading {@code v}
 * included, as trivy does, since that is the tag advisories name. Only {@code require} entries
 * with a slash are dependencies: the others ({@code php}, {@code ext-json}, {@code lib-pcre},
 * {@code composer-plugin-api}) are platform requirements, not packages.
 */
public final class ComposerInstalledCataloger implements Cataloger {
    static final int MAX_PACKAGES = 50_000;

    @Override
    public String name() {
        return "composer-installed";
    }

    @Override
    public boolean wants(String path) {
        return path.endsWith("composer/installed.json") && (path.equals("composer/installed.json") || path.endsWith("/composer/installed.json"));
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        List<Package> found = new ArrayList<>();
        try (JsonParser p = LangJson.parser(file.content())) {
            JsonToken first = LangJson.next(p);
            if (first == JsonToken.START_ARRAY) {
                packages(p, file, found, out);
            } else if (first == JsonToken.START_OBJECT) {
                LangJson.forEachField(p, (field, v) -> {
                    if (field.equals("packages") && v.currentToken() == JsonToken.START_ARRAY) {
                        packages(v, file, found, out);
                        return true;
                    }
                    return false;
                });
            } else {
                out.warn(file.path(), "not a Composer installed.json: neither an array nor an object");
                return;
            }
        } catch (JsonProcessingException e) {
            out.warn(file.path(), "malformed JSON: " + LangJson.oneLine(e));
            // what was read before the damage is still true of the image
        }
        found.forEach(out::add);
    }

    private static void packages(JsonParser p, FileEntry file, List<Package> found, Emitter out) throws IOException {
        boolean cut = false;
        while (LangJson.next(p) != JsonToken.END_ARRAY) {
            JsonNode node = LangJson.tree(p);
            if (found.size() < MAX_PACKAGES) {
                toPackage(node, file).ifPresent(found::add);
            } else if (!cut) {
                // said now, since a damaged tail may end the reading before the array does
                cut = true;
                out.warn(file.path(), "more than " + MAX_PACKAGES + " Composer packages; the rest are skipped");
            }
        }
    }

    static Optional<Package> toPackage(JsonNode node, FileEntry file) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        Optional<String> fullName = LangJson.text(node, "name");
        Optional<String> version = LangJson.text(node, "version");
        if (fullName.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        String name = fullName.get();
        String vendor = null;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            vendor = name.substring(0, slash);
            name = name.substring(slash + 1);
        }
        if (name.isBlank() || name.contains("/")) {
            return Optional.empty();
        }
        List<String> requires = LangJson.keys(node, "require", NpmNames.MAX_DEPENDENCIES).stream()
                .filter(r -> r.indexOf('/') > 0)
                .toList();
        return Optional.of(Package.of(Ecosystem.COMPOSER, name, version.get(), file.path())
                .withNamespace(vendor)
                .withLicenses(licenses(node.get("license")))
                .withDependsOn(requires)
                .withLayer(file.layer()));
    }

    /** An array of SPDX ids, or (in hand-edited files) a single string. */
    private static List<String> licenses(JsonNode license) {
        List<String> out = new ArrayList<>();
        if (license == null) {
            return out;
        }
        if (license.isTextual() && !license.asText().isBlank()) {
            out.add(license.asText().strip());
        } else if (license.isArray()) {
            for (JsonNode l : license) {
                if (l.isTextual() && !l.asText().isBlank() && out.size() < 100) {
                    out.add(l.asText().strip());
                }
            }
        }
        return out;
    }
}
