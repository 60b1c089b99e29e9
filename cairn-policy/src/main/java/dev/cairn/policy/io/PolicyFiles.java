package dev.cairn.policy.io;

import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Policy files and directories ({@code .yaml}, {@code .yml}, {@code .json}, in name order) read into a policy set. */
public final class PolicyFiles {
    private PolicyFiles() {
    }

    public static PolicySet load(PolicyLoader loader, List<Path> paths) {
        List<PolicyLoader.Source> sources = new ArrayList<>();
        for (Path file : files(paths)) {
            sources.add(new PolicyLoader.Source(file.toString(), read(file)));
        }
        return loader.load(sources);
    }

    /** The files named, and the policy files under the directories named. */
    public static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path, 8)) {
                    // Hidden entries are skipped: a ConfigMap volume keeps each file twice, once behind
                    // the visible symlink and once in its hidden "..<timestamp>" directory.
                    walk.filter(p -> !isHidden(path.relativize(p)))
                            .filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw CairnException.io("cannot list policies in " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw CairnException.notFound("no policy file or directory " + path);
            }
        }
        return files;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > PolicyLoader.MAX_FILE_BYTES) {
                throw CairnException.invalid(file + ": policy file is " + size + " bytes; the limit is " + PolicyLoader.MAX_FILE_BYTES);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CairnException.io("cannot read policy " + file + ": " + e.getMessage(), e);
        }
    }
}
