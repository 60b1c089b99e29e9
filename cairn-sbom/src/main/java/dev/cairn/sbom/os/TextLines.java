package dev.cairn.sbom.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Lines of a text database (dpkg status, apk installed, os-release) read from a stream without
 * trusting it: a line longer than {@link #MAX_LINE} or a NUL byte means the file is not text,
 * which the reader reports once instead of building a huge string.
 */
final class TextLines {
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int pos;
    private int len;
    private boolean eof;
    private String problem;

    TextLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or empty at the end or once the content proved not to be text. */
    Optional<String> next() throws IOException {
        if (problem != null) {
            return Optional.empty();
        }
        line.reset();
        while (true) {
            if (pos == len) {
                if (eof) {
                    return line.size() == 0 ? Optional.empty() : Optional.of(text());
                }
                len = in.read(buf);
                pos = 0;
                if (len < 0) {
                    len = 0;
                    eof = true;
                    continue;
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return Optional.of(text());
            }
            if (b == 0) {
                problem = "binary content (NUL byte), not a text database; rest of the file ignored";
                return Optional.empty();
            }
            if (line.size() >= MAX_LINE) {
                problem = "line longer than " + MAX_LINE + " bytes, not a text database; rest of the file ignored";
                return Optional.empty();
            }
            line.write(b);
        }
    }

    private String text() {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Why reading stopped early, if it did. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
