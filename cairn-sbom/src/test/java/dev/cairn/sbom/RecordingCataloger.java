package dev.cairn.sbom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Wants a fixed set of paths and records what it was given; emits nothing. */
final class RecordingCataloger implements Cataloger {
    record Seen(String path, String content, String layer) {
    }

    private final Set<String> paths;
    final List<Seen> seen = new ArrayList<>();

    RecordingCataloger(String... paths) {
        this.paths = Set.of(paths);
    }

    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public boolean wants(String path) {
        return paths.contains(path);
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        seen.add(new Seen(file.path(), new String(file.content().readAllBytes(), StandardCharsets.UTF_8),
                file.layer().map(Object::toString).orElse("")));
    }

    List<String> paths() {
        return seen.stream().map(Seen::path).toList();
    }
}
