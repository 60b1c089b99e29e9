package dev.cairn.server;

import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.PolicyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy files and directories. The marker is their names, sizes and modification times (a
 * ConfigMap volume swaps a symlink, which WatchService reports unreliably; polling a few files every
 * few seconds costs nothing); the text is read only when it changed.
 */
final class FilePolicySource implements PolicySource {
    private final List<Path> paths;

    FilePolicySource(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public Snapshot poll() {
        List<Path> files = PolicyFiles.files(paths);
        List<String> marker = new ArrayList<>();
        for (Path file : files) {
            try {
                marker.add(file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                throw CairnException.io("cannot read policy " + file + ": " + e.getMessage(), e);
            }
        }
        return new Snapshot(marker, () -> read(files));
    }

    private static List<PolicyLoader.Source> read(List<Path> files) {
        List<PolicyLoader.Source> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                long size = Files.size(file);
                if (size > PolicyLoader.MAX_FILE_BYTES) {
                    throw CairnException.invalid(file + ": policy file is " + size + " bytes; the limit is " + PolicyLoader.MAX_FILE_BYTES);
                }
                sources.add(new PolicyLoader.Source(file.toString(), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw CairnException.io("cannot read policy " + file + ": " + e.getMessage(), e);
            }
        }
        return sources;
    }
}
