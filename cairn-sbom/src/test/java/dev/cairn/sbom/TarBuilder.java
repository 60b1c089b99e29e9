package dev.cairn.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes tar streams for tests: ustar entries, GNU long names, PAX paths, links, whiteouts, and
 * files whose content is streamed (so a 100 MB file is never in memory). Not a general writer.
 */
public final class TarBuilder implements AutoCloseable {
    private final OutputStream out;
    private boolean endMarker = true;

    public TarBuilder(OutputStream out) {
        this.out = out;
    }

    public TarBuilder file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarBuilder file(String name, byte[] content) throws IOException {
        out.write(header(name, content.length, '0', ""));
        out.write(content);
        pad(content.length);
        return this;
    }

    /** A file whose {@code size} bytes come from {@code content}, copied in chunks. */
    public TarBuilder file(String name, long size, InputStream content) throws IOException {
        out.write(header(name, size, '0', ""));
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IllegalStateException("content had " + copied + " bytes, not " + size);
        }
        pad(size);
        return this;
    }

    public TarBuilder dir(String name) throws IOException {
        out.write(header(name, 0, '5', ""));
        return this;
    }

    public TarBuilder symlink(String name, String target) throws IOException {
        out.write(header(name, 0, '2', target));
        return this;
    }

    public TarBuilder hardlink(String name, String target) throws IOException {
        out.write(header(name, 0, '1', target));
        return this;
    }

    /** A file named through a GNU {@code ././@LongLink} record. */
    public TarBuilder gnuLongName(String name, String content) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        out.write(header("././@LongLink", n.length, 'L', ""));
        out.write(n);
        pad(n.length);
        return file("placeholder-name", content);
    }

    /** A file named through a PAX {@code path} record. */
    public TarBuilder paxPath(String name, String content) throws IOException {
        String body = "path=" + name + "\n";
        int len = body.length() + 3;
        String record = len + " " + body;
        while (record.getBytes(StandardCharsets.UTF_8).length != len) {
            len = body.getBytes(StandardCharsets.UTF_8).length + 1 + Integer.toString(len).length();
            record = len + " " + body;
        }
        byte[] r = record.getBytes(StandardCharsets.UTF_8);
        out.write(header("PaxHeaders/x", r.length, 'x', ""));
        out.write(r);
        pad(r.length);
        return file("pax-placeholder", content);
    }

    /** Raw bytes, for corrupting streams. */
    public TarBuilder raw(byte[] bytes) throws IOException {
        out.write(bytes);
        return this;
    }

    public static byte[] header(String name, long size, char type, String link) {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, "00000000000", 12);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, link, 100);
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }

    private static void put(byte[] h, int off, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) {
            throw new IllegalArgumentException("too long for a ustar field: " + s);
        }
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** Leaves out the end-of-archive marker, for truncated streams. */
    public TarBuilder noEndMarker() {
        endMarker = false;
        return this;
    }

    /** Writes the end-of-archive marker (unless told not to) and closes the stream. */
    @Override
    public void close() throws IOException {
        if (endMarker) {
            out.write(new byte[1024]);
        }
        out.close();
    }
}
