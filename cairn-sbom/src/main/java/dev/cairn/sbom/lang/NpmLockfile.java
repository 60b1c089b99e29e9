package dev.cairn.sbom.lang;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code package-lock.json}, {@code npm-shrinkwrap.json} and the hidden
 * {@code node_modules/.package-lock.json}. Version 2 and 3 files list packages in a flat
 * {@code packages} map keyed by install path ({@code node_modules/send/node_modules/ms}); version 1
 * nests {@code dependencies} the way node_modules nests. Both are turned into the same thing: a
 * package per install directory, so the cataloger can match them with installed package.json files.
 */
final class NpmLockfile {
    static final int MAX_ENTRIES = 100_000;
    private static final String NODE_MODULES = "node_modules/";

    /** One locked package and the directory it installs to, relative to the image root, ending in a slash. */
    record Entry(String installDir, Package pkg) {
    }

    /**
     * What a lockfile yielded, whether it had more entries than we keep, and why reading stopped
     * early if it did; entries read before damage are kept, they are still true of the image.
     */
    record Result(List<Entry> entries, boolean cut, Optional<String> malformed) {
    }

    private final FileEntry file;
    private final String root;
    private final List<Entry> flat = new ArrayList<>();
    private final List<Entry> nested = new ArrayList<>();
    private boolean sawPackages;
    private boolean cut;

    private NpmLockfile(FileEntry file) {
        this.file = file;
        this.root = projectRoot(file.path());
    }

    static Result read(FileEntry file) throws IOException {
        NpmLockfile lock = new NpmLockfile(file);
        Optional<String> malformed = Optional.empty();
        try (JsonParser p = LangJson.parser(file.content())) {
            LangJson.next(p);
            LangJson.forEachField(p, lock::topLevel);
        } catch (JsonProcessingException e) {
            malformed = Optional.of(LangJson.oneLine(e));
        }
        // v2 files carry both forms; the flat one is the newer and complete one
        return new Result(List.copyOf(lock.sawPackages ? lock.flat : lock.nested), lock.cut, malformed);
    }

    /** The project directory: the lockfile's own, or the parent of node_modules for the hidden lockfile. */
    static String projectRoot(String path) {
        String hidden = NODE_MODULES + ".package-lock.json";
        if (path.equals(hidden) || path.endsWith("/" + hidden)) {
            return path.substring(0, path.length() - hidden.length());
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private boolean topLevel(String field, JsonParser p) throws IOException {
        if (field.equals("packages") && p.currentToken() == JsonToken.START_OBJECT) {
            sawPackages = true;
            LangJson.forEachField(p, (key, v) -> {
                packageEntry(key, LangJson.tree(v));
                return true;
            });
            return true;
        }
        if (field.equals("dependencies") && p.currentToken() == JsonToken.START_OBJECT) {
            LangJson.forEachField(p, (name, v) -> {
                dependencyEntry(root, name, LangJson.tree(v));
                return true;
            });
            return true;
        }
        return false;
    }

    /** A v2/v3 entry; the "" root, links and workspace sources (paths outside node_modules) are not installed packages. */
    private void packageEntry(String key, JsonNode node) {
        int at = key.lastIndexOf(NODE_MODULES);
        if (at < 0 || !node.isObject() || node.path("link").asBoolean(false)) {
            return;
        }
        String name = LangJson.text(node, "name").orElse(key.substring(at + NODE_MODULES.length()));
        LangJson.text(node, "version").flatMap(version -> NpmNames.pkg(name, version, file)).ifPresent(pkg ->
                add(flat, root + key + "/", pkg
                        .withLicenses(NpmNames.licenses(node.get("license"), node.get("licenses")))
                        .withDependsOn(LangJson.keys(node, "dependencies", NpmNames.MAX_DEPENDENCIES))));
    }

    /** A v1 entry and, recursively, the ones nested under it; recursion is bounded by the parser's depth limit. */
    private void dependencyEntry(String parentDir, String name, JsonNode node) {
        if (!node.isObject()) {
            return;
        }
        String dir = parentDir + NODE_MODULES + name + "/";
        LangJson.text(node, "version").flatMap(version -> NpmNames.pkg(name, version, file)).ifPresent(pkg ->
                add(nested, dir, pkg.withDependsOn(LangJson.keys(node, "requires", NpmNames.MAX_DEPENDENCIES))));
        JsonNode children = node.get("dependencies");
        if (children != null && children.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = children.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> child = it.next();
                dependencyEntry(dir, child.getKey(), child.getValue());
            }
        }
    }

    private void add(List<Entry> to, String dir, Package pkg) {
        if (to.size() < MAX_ENTRIES) {
            to.add(new Entry(dir, pkg));
        } else {
            cut = true;
        }
    }
}
