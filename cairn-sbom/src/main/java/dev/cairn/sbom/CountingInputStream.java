package dev.cairn.sbom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts bytes passing through, reports them, and fails once more than {@code limit} have passed:
 * decompression bombs are stopped by the byte count, not by trusting sizes the layer declares.
 */
final class CountingInputStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private final LongConsumer onRead;
    private long count;

    CountingInputStream(InputStream in, long limit, String what, LongConsumer onRead) {
        super(in);
        this.limit = limit;
        this.what = what;
        this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes count too: a bomb is just as large when nobody looks at it
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    private void counted(long n) throws IOException {
        count += n;
        onRead.accept(n);
        if (count > limit) {
            throw new IOException(what + " is larger than " + limit + " bytes; stopped reading it");
        }
    }

    long count() {
        return count;
    }
}
