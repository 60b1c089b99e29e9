package dev.cairn.sbom.binary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A minimal ustar reader for tests: regular files only, each offered as a bounded stream. */
final class TarWalk {
    interface Visitor {
        void file(String name, long size, InputStream content) throws IOException;
    }

    private TarWalk() {
    }

    static void forEach(InputStream tar, Visitor visitor) throws IOException {
        byte[] header = new byte[512];
        while (true) {
            if (tar.readNBytes(header, 0, 512) < 512 || header[0] == 0) {
                return;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            byte type = header[156];
            long padded = (size + 511) / 512 * 512;
            if (type == '0' || type == 0) {
                BoundedInput content = new BoundedInput(tar, size);
                visitor.file(name.startsWith("./") ? name.substring(2) : name, size, content);
                content.skipRest();
                Streams.skipFully(tar, padded - size);
            } else {
                Streams.skipFully(tar, padded);
            }
        }
    }

    private static String field(byte[] header, int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }

        void skipRest() throws IOException {
            Streams.skipFully(in, left);
            left = 0;
        }
    }
}
