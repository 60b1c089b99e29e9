package dev.cairn.oci.layout;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Maps digests to files under {@code blobs/}. A {@link Digest} is validated hex, so its path cannot
 * contain {@code ..} or separators; a blob file that is a symlink pointing outside the layout is
 * refused, so a crafted layout cannot make us read {@code /etc/shadow} as a layer.
 */
final class BlobFiles {
    private final Path root;

    BlobFiles(Path root) {
        this.root = root;
    }

    Path pathOf(Digest digest) {
        Path blobs = root.resolve("blobs");
        Path p = blobs.resolve(digest.algorithm()).resolve(digest.hex()).normalize();
        if (!p.startsWith(blobs.normalize())) {
            throw CairnException.invalid("digest " + digest + " escapes the layout's blobs directory");
        }
        return p;
    }

    /** The blob's path for reading, after checking that it really lives inside the layout. */
    Path existing(Digest digest) {
        Path p = pathOf(digest);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return p;
        }
        try {
            Path real = p.toRealPath();
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw CairnException.invalid("oci:" + root + ": blob " + digest + " is a link to " + real + ", outside the layout; refused");
            }
            if (!Files.isRegularFile(real)) {
                throw CairnException.invalid("oci:" + root + ": blob " + digest + " is not a regular file");
            }
        } catch (IOException e) {
            throw CairnException.io("oci:" + root + ": cannot read blob " + digest + ": " + e.getMessage(), e);
        }
        return p;
    }
}
