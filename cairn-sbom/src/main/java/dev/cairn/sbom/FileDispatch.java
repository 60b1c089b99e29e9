package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands one regular file to the catalogers that want it, the same way for layers and directories.
 * A file larger than a cataloger's {@link Cataloger#maxBytes()} is never read for it: a warning
 * says so and the caller skips the bytes. When several catalogers want the same file it is
 * buffered once (it is within their limits by then) so each gets its own read of a one-pass stream.
 */
final class FileDispatch {
    /** A file wanted by several catalogers is buffered; beyond this it is refused rather than buffered. */
    static final long MAX_SHARED_BYTES = 256L * 1024 * 1024;

    private final List<Cataloger> catalogers;
    private final Collector out;
    private final SbomGenerator.Progress progress;

    FileDispatch(List<Cataloger> catalogers, Collector out, SbomGenerator.Progress progress) {
        this.catalogers = List.copyOf(catalogers);
        this.out = out;
        this.progress = progress;
    }

    /** The catalogers that want {@code path}; empty for almost every file, so this allocates nothing then. */
    List<Cataloger> wanting(String path) {
        List<Cataloger> wanting = List.of();
        for (Cataloger c : catalogers) {
            if (c.wants(path)) {
                if (wanting.isEmpty()) {
                    wanting = new ArrayList<>(2);
                }
                wanting.add(c);
            }
        }
        return wanting;
    }

    /**
     * Offers {@code content} (exactly {@code size} bytes, not closed here) to {@code wanting}.
     * An {@code IOException} means the underlying stream failed and the source cannot go on;
     * a cataloger that throws anything else loses this file only, with a warning.
     */
    void offer(String path, long size, InputStream content, Optional<Digest> layer, List<Cataloger> wanting) throws IOException {
        List<Cataloger> readers = new ArrayList<>(wanting.size());
        for (Cataloger c : wanting) {
            if (size > c.maxBytes()) {
                out.warn(path, c.name() + ": file of " + size + " bytes is larger than " + c.maxBytes() + " bytes, skipped");
            } else {
                readers.add(c);
            }
        }
        if (readers.isEmpty()) {
            return;
        }
        int before = out.packageCount();
        out.currentLayer(layer);
        try {
            if (readers.size() == 1) {
                read(readers.get(0), new FileEntry(path, size, content, layer));
            } else if (size > MAX_SHARED_BYTES) {
                out.warn(path, "file of " + size + " bytes is too large to share between " + readers.size() + " catalogers, skipped");
            } else {
                byte[] bytes = content.readNBytes((int) size);
                if (bytes.length < size) {
                    throw new IOException(path + " ended after " + bytes.length + " of " + size + " bytes");
                }
                for (Cataloger c : readers) {
                    read(c, new FileEntry(path, size, new ByteArrayInputStream(bytes), layer));
                }
            }
        } finally {
            out.currentLayer(Optional.empty());
        }
        if (out.packageCount() != before) {
            progress.packagesFound(out.packageCount());
        }
    }

    private void read(Cataloger c, FileEntry file) throws IOException {
        try {
            c.read(file, out);
        } catch (dev.cairn.model.CairnException e) {
            throw e; // the store's own verdict (a blob whose digest does not match) is not the cataloger's to swallow
        } catch (RuntimeException e) {
            // a cataloger bug or unexpected input must not cost the rest of the scan
            out.warn(file.path(), c.name() + " failed: " + e);
        }
    }

    /** Lets every cataloger emit what it gathered across files. */
    void finish() {
        int before = out.packageCount();
        for (Cataloger c : catalogers) {
            try {
                c.finish(out);
            } catch (RuntimeException e) {
                out.warn("", c.name() + " failed while finishing: " + e);
            }
        }
        if (out.packageCount() != before) {
            progress.packagesFound(out.packageCount());
        }
    }
}
