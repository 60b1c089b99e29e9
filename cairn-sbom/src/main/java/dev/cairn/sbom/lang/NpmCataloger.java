package dev.cairn.sbom.lang;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * npm packages from installed {@code package.json} files and from lockfiles.
 *
 * <p>Every {@code package.json} with a name and a version is a package, inside node_modules or
 * not: this is trivy's rule for images, and it reports the application's own root package too
 * (app-1: 52 under node_modules plus {@code app/package.json}, 53 in all). Files without a name or
 * version (the {@code {"type": "module"}} markers inside packages) are skipped quietly.
 *
 * <p>Lockfiles add what is locked but not installed. The same package seen twice is the same
 * install directory ({@code app/node_modules/send/node_modules/ms/}): the installed package.json
 * wins because it is what is really on disk and carries licence and dependencies; between
 * lockfiles the first read wins. Everything is therefore emitted in {@link #finish}, ordered by
 * install directory so the output does not depend on the order of the tar.
 */
public final class NpmCataloger implements Cataloger {
    /** Across all files of one scan; past this, further packages are dropped with a warning. */
    static final int MAX_PACKAGES = 500_000;

    private final Map<String, Found> byDir = new TreeMap<>();
    private boolean full;

    private record Found(Package pkg, boolean installed) {
    }

    @Override
    public String name() {
        return "npm";
    }

    @Override
    public boolean wants(String path) {
        return path.endsWith(".json") && switch (fileName(path)) {
            case "package.json", "package-lock.json", "npm-shrinkwrap.json", ".package-lock.json" -> true;
            default -> false;
        };
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        try {
            if (file.fileName().equals("package.json")) {
                readManifest(file).ifPresent(pkg -> put(file, out, dirOf(file.path()), pkg, true));
            } else {
                NpmLockfile.Result lock = NpmLockfile.read(file);
                if (lock.cut()) {
                    out.warn(file.path(), "npm lockfile has more than " + NpmLockfile.MAX_ENTRIES + " packages; the rest are skipped");
                }
                lock.malformed().ifPresent(m -> out.warn(file.path(), "malformed JSON: " + m));
                for (NpmLockfile.Entry e : lock.entries()) {
                    put(file, out, e.installDir(), e.pkg(), false);
                }
            }
        } catch (JsonProcessingException e) {
            out.warn(file.path(), "malformed JSON: " + LangJson.oneLine(e));
        }
    }

    @Override
    public void finish(Emitter out) {
        byDir.values().forEach(f -> out.add(f.pkg()));
        byDir.clear();
    }

    private void put(FileEntry file, Emitter out, String dir, Package pkg, boolean installed) {
        Found old = byDir.get(dir);
        if (old != null) {
            if (installed && !old.installed()) {
                byDir.put(dir, new Found(pkg, true));
            }
            return;
        }
        if (byDir.size() >= MAX_PACKAGES) {
            if (!full) {
                full = true;
                out.warn(file.path(), "more than " + MAX_PACKAGES + " npm packages; the rest are skipped");
            }
            return;
        }
        byDir.put(dir, new Found(pkg, installed));
    }

    /** The fields we need from a package.json, streamed: other fields (READMEs, big tables) are skipped unbuilt. */
    private static Optional<Package> readManifest(FileEntry file) throws IOException {
        Map<String, JsonNode> fields = new HashMap<>();
        try (JsonParser p = LangJson.parser(file.content())) {
            if (LangJson.next(p) != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            LangJson.forEachField(p, (name, v) -> switch (name) {
                case "name", "version", "license", "licenses", "dependencies" -> {
                    fields.putIfAbsent(name, LangJson.tree(v));
                    yield true;
                }
                default -> false;
            });
        }
        JsonNode name = fields.get("name");
        JsonNode version = fields.get("version");
        if (name == null || !name.isTextual() || version == null || !version.isTextual()) {
            return Optional.empty();
        }
        return NpmNames.pkg(name.asText(), version.asText(), file).map(pkg -> pkg
                .withLicenses(NpmNames.licenses(fields.get("license"), fields.get("licenses")))
                .withDependsOn(dependencyNames(fields.get("dependencies"))));
    }

    private static List<String> dependencyNames(JsonNode deps) {
        if (deps == null || !deps.isObject()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        deps.fieldNames().forEachRemaining(n -> {
            if (out.size() < NpmNames.MAX_DEPENDENCIES && !n.isBlank()) {
                out.add(n);
            }
        });
        return out;
    }

    private static String dirOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
