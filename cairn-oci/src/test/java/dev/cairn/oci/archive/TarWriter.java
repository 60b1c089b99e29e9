package dev.cairn.oci.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a plain ustar archive, as docker save does; just enough for building test archives. */
final class TarWriter implements AutoCloseable {
    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void add(String name, byte[] content) throws IOException {
        header(name, content.length, '0', "");
        out.write(content);
        pad(content.length);
    }

    void add(String name, Path file) throws IOException {
        long size = Files.size(file);
        header(name, size, '0', "");
        Files.copy(file, out);
        pad(size);
    }

    void symlink(String name, String target) throws IOException {
        header(name, 0, '2', target);
    }

    private void header(String name, long size, char type, String link) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, "00000000000", 12);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, link, 100);
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        h[155] = ' ';
        out.write(h);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }

    private static void put(byte[] h, int off, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len));
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[1024]);
        out.close();
    }
}
