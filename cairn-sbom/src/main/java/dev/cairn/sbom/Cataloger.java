package dev.cairn.sbom;

import java.io.IOException;

/**
 * Finds packages of one kind. A new instance is made for every scan, so a cataloger may gather
 * state across files and emit it in {@link #finish}. {@link #wants} is called for every path of
 * the image and must be cheap; only wanted files are ever read, which keeps memory bounded by what
 * is catalogued rather than by the size of the image.
 */
public interface Cataloger {
    long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    String name();

    /** Whether this cataloger reads the file at {@code path} (normalised, no leading slash). */
    boolean wants(String path);

    /**
     * Reads one wanted file. Malformed content is reported with {@link Emitter#warn} and the scan
     * goes on; an {@code IOException} means the stream itself failed.
     */
    void read(FileEntry file, Emitter out) throws IOException;

    /** Called once after the last file. */
    default void finish(Emitter out) {
    }

    /** The most bytes read of one file; larger files are cut off there and reported. */
    default long maxBytes() {
        return DEFAULT_MAX_BYTES;
    }
}
