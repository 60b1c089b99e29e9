package dev.cairn.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Offers the wanted regular files under a directory to the catalogers, as if it were one layer.
 * Symlinks are never followed, neither while walking nor when opening, and a file whose real
 * directory is not under the real root (a directory swapped for a symlink mid-walk) is refused:
 * a directory scan cannot read outside the tree it was given.
 */
final class DirectoryScanner {
    private final FileDispatch dispatch;
    private final Collector out;

    DirectoryScanner(FileDispatch dispatch, Collector out) {
        this.dispatch = dispatch;
        this.out = out;
    }

    void scan(Path dir) throws IOException {
        Path root = dir.toRealPath();
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, new FileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    offer(root, file, attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                out.warn(relative(root, file), "cannot be read: " + e.getMessage());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                if (e != null) {
                    out.warn(relative(root, d), "directory listing failed: " + e.getMessage());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void offer(Path root, Path file, long size) {
        String path = relative(root, file);
        List<Cataloger> wanting = dispatch.wanting(path);
        if (wanting.isEmpty()) {
            return;
        }
        try {
            if (!file.getParent().toRealPath().startsWith(root)) {
                out.warn(path, "resolves outside " + root + ", not catalogued");
                return;
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                dispatch.offer(path, size, new ExactLengthInputStream(in, size, "file shrank while it was read"), Optional.empty(), wanting);
            }
        } catch (IOException e) {
            // unlike a tar stream, one unreadable file does not stop the walk
            out.warn(path, "cannot be read: " + e.getMessage());
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
