package dev.cairn.sbom.binary;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Small bounded-read helpers shared by the binary catalogers. */
final class Streams {
    private Streams() {
    }

    /**
     * Reads the rest of {@code in}, or nothing when it holds more than {@code cap} bytes: at most
     * {@code cap + 1} bytes are ever read, so an oversized entry costs no more than the cap.
     */
    static Optional<byte[]> readAtMost(InputStream in, int cap) throws IOException {
        byte[] bytes = in.readNBytes(cap + 1);
        return bytes.length > cap ? Optional.empty() : Optional.of(bytes);
    }

    /** Reads exactly {@code n} bytes, or fewer at the end of the stream. */
    static byte[] readUpTo(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Skips exactly {@code n} bytes; false when the stream ended first. */
    static boolean skipFully(InputStream in, long n) throws IOException {
        byte[] scratch = null;
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped > 0) {
                n -= skipped;
                continue;
            }
            if (scratch == null) {
                scratch = new byte[8192];
            }
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
            if (r < 0) {
                return false;
            }
            n -= r;
        }
        return true;
    }

    /** Counts what passes through, and remembers whether the underlying stream itself failed. */
    static final class Counting extends FilterInputStream {
        private long count;
        private boolean failed;

        Counting(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        /** True when an {@code IOException} came from the wrapped stream (not from a parser above it). */
        boolean failed() {
            return failed;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    count++;
                }
                return b;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int r = super.read(b, off, len);
                if (r > 0) {
                    count += r;
                }
                return r;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                long s = super.skip(n);
                count += Math.max(0, s);
                return s;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** The caller owns the underlying stream; closing a view of it must not close it. */
        @Override
        public void close() {
        }
    }
}
