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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NuGet packages of a .NET application, from the {@code *.deps.json} the SDK writes beside it.
 * {@code libraries} lists everything the app was built with, keyed {@code Name/Version}; only
 * {@code "type": "package"} entries are NuGet packages ({@code project} and {@code reference} are
 * the app's own code). Dependencies are the {@code dependencies} of the same key under
 * {@code targets}, merged over all targets (the portable one and any runtime-specific ones).
 * deps.json names no licences.
 */
public final class DotnetDepsCataloger implements Cataloger {
    static final int MAX_LIBRARIES = 50_000;

    @Override
    public String name() {
        return "dotnet-deps";
    }

    @Override
    public boolean wants(String path) {
        return path.endsWith(".deps.json");
    }

    @Override
    public long maxBytes() {
        return 16L * 1024 * 1024;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        Map<String, Set<String>> deps = new HashMap<>();
        Set<String> packages = new LinkedHashSet<>(); // "Name/Version" keys, in file order
        boolean[] cut = {false};
        try (JsonParser p = LangJson.parser(file.content())) {
            LangJson.next(p);
            LangJson.forEachField(p, (field, v) -> switch (field) {
                case "targets" -> {
                    if (v.currentToken() == JsonToken.START_OBJECT) {
                        LangJson.forEachField(v, (target, t) -> {
                            if (t.currentToken() != JsonToken.START_OBJECT) {
                                return false;
                            }
                            LangJson.forEachField(t, (key, lib) -> {
                                if (deps.size() >= MAX_LIBRARIES && !deps.containsKey(key)) {
                                    return false;
                                }
                                Set<String> names = deps.computeIfAbsent(key, k -> new LinkedHashSet<>());
                                for (String d : LangJson.keys(LangJson.tree(lib), "dependencies", NpmNames.MAX_DEPENDENCIES)) {
                                    if (names.size() < NpmNames.MAX_DEPENDENCIES) {
                                        names.add(d);
                                    }
                                }
                                return true;
                            });
                            return true;
                        });
                    }
                    yield v.currentToken() == JsonToken.END_OBJECT;
                }
                case "libraries" -> {
                    if (v.currentToken() == JsonToken.START_OBJECT) {
                        LangJson.forEachField(v, (key, lib) -> {
                            JsonNode node = LangJson.tree(lib);
                            if (LangJson.text(node, "type").filter("package"::equalsIgnoreCase).isPresent()) {
                                if (packages.size() < MAX_LIBRARIES) {
                                    packages.add(key);
                                } else {
                                    cut[0] = true;
                                }
                            }
                            return true;
                        });
                    }
                    yield v.currentToken() == JsonToken.END_OBJECT;
                }
                default -> false;
            });
        } catch (JsonProcessingException e) {
            out.warn(file.path(), "malformed JSON: " + LangJson.oneLine(e));
            return; // without both sections we cannot tell packages from the app's own projects
        }
        if (cut[0]) {
            out.warn(file.path(), "more than " + MAX_LIBRARIES + " libraries; the rest are skipped");
        }
        for (String key : packages) {
            toPackage(key, file).ifPresent(pkg ->
                    out.add(pkg.withDependsOn(new ArrayList<>(deps.getOrDefault(key, Set.of())))));
        }
    }

    /** {@code Newtonsoft.Json/13.0.3} → name and version; anything else is not a library key. */
    private static Optional<Package> toPackage(String key, FileEntry file) {
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0 || key.isBlank()) {
            return Optional.empty();
        }
        String name = key.substring(0, slash).strip();
        String version = key.substring(slash + 1).strip();
        if (name.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Package.of(Ecosystem.NUGET, name, version, file.path()).withLayer(file.layer()));
    }
}
