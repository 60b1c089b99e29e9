package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One regular file offered to a cataloger: its normalised path (no leading slash, no {@code ..}),
 * its size, and its content, which the cataloger may read once and only up to
 * {@link Cataloger#maxBytes()} — the stream ends there.
 */
public record FileEntry(String path, long size, InputStream content, Optional<Digest> layer) {
    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(layer, "layer");
    }

    /** The last path component. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
