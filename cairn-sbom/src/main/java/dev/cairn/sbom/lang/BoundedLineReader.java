package dev.cairn.sbom.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text line by line without ever holding more than one bounded line: a line longer than
 * {@code maxChars} is cut there and the rest of it skipped, so a file with no newline at all costs
 * {@code maxChars} of memory, not its size. Bad UTF-8 becomes U+FFFD rather than an error, because
 * metadata files in images are often Latin-1 and we only need their ASCII keys.
 */
final class BoundedLineReader {
    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[8192];
    private int pos;
    private int end;
    private boolean eof;
    private boolean truncated;

    BoundedLineReader(InputStream in, int maxChars) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxChars = maxChars;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end of the input. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        truncated = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? stripCr(line) : null;
            }
            any = true;
            char c = buf[pos++];
            if (c == '\n') {
                return stripCr(line);
            }
            if (line.length() < maxChars) {
                line.append(c);
            } else {
                truncated = true;
            }
        }
    }

    /** Whether the line last returned was cut at {@code maxChars}. */
    boolean truncated() {
        return truncated;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private static String stripCr(StringBuilder line) {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }
}
