package dev.cairn.sbom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Yields exactly {@code size} bytes of an underlying stream and fails if it ends sooner, so a
 * cataloger sees the size it was promised (a tar entry's, a file's). Closing it leaves the
 * underlying stream open: the archive or scanner that owns it goes on.
 */
final class ExactLengthInputStream extends InputStream {
    private final InputStream in;
    private final String shortfall;
    private long remaining;

    /** @param shortfall what went wrong if the stream ends early, e.g. "tar stream is truncated" */
    ExactLengthInputStream(InputStream in, long size, String shortfall) {
        this.in = in;
        this.remaining = size;
        this.shortfall = shortfall;
    }

    /** Bytes not read yet. */
    long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException(shortfall + ": " + remaining + " bytes are missing");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() {
        // the owner of the underlying stream closes it
    }
}
