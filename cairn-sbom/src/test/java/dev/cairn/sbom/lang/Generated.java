package dev.cairn.sbom.lang;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Inputs made on the fly, so a test can offer a cataloger a 100 MB file or random bytes without
 * holding them: a fixed head, then a body of {@code bodyBytes} bytes repeating {@code filler},
 * counting what was actually read.
 */
final class Generated extends InputStream {
    private final byte[] head;
    private final byte[] filler;
    private final long total;
    private final byte[] tail;
    private long pos;

    Generated(String head, String filler, long bodyBytes, String tail) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.filler = filler.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        this.total = this.head.length + bodyBytes + this.tail.length;
    }

    static Generated of(String head, String filler, long bodyBytes) {
        return new Generated(head, filler, bodyBytes, "");
    }

    /** Bytes from a seeded generator: reproducible garbage. */
    static byte[] garbage(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    long consumed() {
        return pos;
    }

    @Override
    public int read() {
        if (pos >= total) {
            return -1;
        }
        long i = pos++;
        long bodyEnd = total - tail.length;
        if (i < head.length) {
            return head[(int) i] & 0xff;
        }
        if (i < bodyEnd) {
            return filler[(int) ((i - head.length) % filler.length)] & 0xff;
        }
        return tail[(int) (i - bodyEnd)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= total) {
            return -1;
        }
        int n = 0;
        while (n < len && pos < total) {
            b[off + n++] = (byte) read();
        }
        return n;
    }
}
