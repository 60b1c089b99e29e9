package dev.cairn.sbom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A forward-only reader of POSIX ustar, GNU ({@code L}/{@code K} long names) and PAX
 * ({@code path}, {@code linkpath}, {@code size}) tar streams. Nothing is unpacked to disk and only
 * one header is held at a time. Every number taken from the stream is checked: header checksums,
 * size fields, the length of long names and PAX records, and the number of entries. A malformed or
 * truncated stream ends in an {@link IOException} whose message says what was wrong; the caller
 * turns it into a warning.
 */
final class TarReader {
    static final int BLOCK = 512;
    /** Long names and PAX headers beyond this are hostile: PATH_MAX is 4096. */
    static final int MAX_META_BYTES = 1024 * 1024;
    /** No single entry in a layer is larger than this; it also bounds the octal/base-256 parse. */
    static final long MAX_ENTRY_BYTES = 1L << 40;

    private final InputStream in;
    private final int maxEntries;
    private final byte[] header = new byte[BLOCK];
    private int entries;
    /** The current entry's data; what a cataloger leaves unread is skipped before the next header. */
    private ExactLengthInputStream current = new ExactLengthInputStream(InputStream.nullInputStream(), 0, "");
    private long padding;
    private boolean ended;

    TarReader(InputStream in, int maxEntries) {
        this.in = in;
        this.maxEntries = maxEntries;
    }

    /** The next entry (skipping what is left of the current one), or empty at the end of the archive. */
    Optional<TarEntry> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        skipFully(current.remaining() + padding);
        current = new ExactLengthInputStream(InputStream.nullInputStream(), 0, "");
        padding = 0;
        String longName = null;
        String longLink = null;
        PaxHeaders pax = PaxHeaders.NONE;
        while (true) {
            if (!readHeader()) {
                ended = true;
                return Optional.empty();
            }
            char typeFlag = (char) (header[156] & 0xff);
            long size = number(124, 12, "size");
            if (size < 0 || size > MAX_ENTRY_BYTES) {
                throw new IOException("tar entry size " + size + " is out of range");
            }
            switch (typeFlag) {
                case 'L' -> {
                    longName = cString(readMeta(size, "GNU long name"));
                    continue;
                }
                case 'K' -> {
                    longLink = cString(readMeta(size, "GNU long link name"));
                    continue;
                }
                case 'x' -> {
                    pax = PaxHeaders.parse(readMeta(size, "PAX header"));
                    continue;
                }
                case 'g' -> {
                    // global PAX defaults (usually a comment) are not needed for cataloguing
                    readMeta(size, "PAX global header");
                    continue;
                }
                default -> {
                }
            }
            if (++entries > maxEntries) {
                throw new IOException("more than " + maxEntries + " entries in one layer");
            }
            String name = pax.path().orElse(longName != null ? longName : ustarName());
            String link = pax.linkPath().orElse(longLink != null ? longLink : field(157, 100));
            long realSize = pax.size().orElse(size);
            if (realSize < 0 || realSize > MAX_ENTRY_BYTES) {
                throw new IOException("tar entry size " + realSize + " is out of range");
            }
            TarEntry.Type type = switch (typeFlag) {
                case '0', '\0', '7' -> TarEntry.Type.FILE;
                case '1' -> TarEntry.Type.HARDLINK;
                case '2' -> TarEntry.Type.SYMLINK;
                case '5' -> TarEntry.Type.DIRECTORY;
                default -> TarEntry.Type.OTHER;
            };
            // links, directories and devices carry no data even if a size is written (hard links in old tars)
            long dataSize = (type == TarEntry.Type.FILE || type == TarEntry.Type.OTHER && typeFlag != '3' && typeFlag != '4' && typeFlag != '6') ? realSize : 0;
            current = new ExactLengthInputStream(in, dataSize, "tar stream is truncated inside entry " + name);
            padding = pad(dataSize);
            return Optional.of(new TarEntry(name, type, dataSize, link));
        }
    }

    /** The current entry's bytes; the stream ends with the entry and closing it does nothing. */
    InputStream content() {
        return current;
    }

    /** Entries returned so far. */
    int entries() {
        return entries;
    }

    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false; // a stream that simply stops at a header boundary: tolerated, as GNU tar does
        }
        if (n < BLOCK) {
            throw new EOFException("tar stream is truncated inside a header");
        }
        if (allZero()) {
            return false; // end-of-archive marker; the second zero block and any slack are not needed
        }
        verifyChecksum();
        return true;
    }

    private boolean allZero() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The checksum is the sum of the header bytes with the checksum field read as spaces; old tars summed signed bytes. */
    private void verifyChecksum() throws IOException {
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("tar header checksum mismatch (not a tar stream, or corrupted) after " + entries + " entries");
        }
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a' && header[261] == 'r';
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal (space or NUL padded) or, when the high bit of the first byte is set, GNU base-256. */
    private long number(int off, int len, String what) throws IOException {
        if ((header[off] & 0x80) != 0) {
            if ((header[off] & 0x40) != 0) {
                throw new IOException("tar header " + what + " field is negative");
            }
            long v = header[off] & 0x3f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw new IOException("tar header " + what + " field overflows");
                }
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        boolean digits = false;
        for (; i < end; i++) {
            byte b = header[i];
            if (b == ' ' || b == 0) {
                break;
            }
            if (b < '0' || b > '7') {
                throw new IOException("tar header " + what + " field is not octal");
            }
            if (v > (Long.MAX_VALUE >> 3)) {
                throw new IOException("tar header " + what + " field overflows");
            }
            v = (v << 3) | (b - '0');
            digits = true;
        }
        if (!digits && !what.equals("size")) {
            throw new IOException("tar header " + what + " field is empty");
        }
        return v;
    }

    private byte[] readMeta(long size, String what) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new IOException(what + " of " + size + " bytes is larger than " + MAX_META_BYTES);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar stream is truncated inside a " + what);
        }
        skipFully(pad(size));
        return data;
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static long pad(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    private void skipFully(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                // skip may return 0 without being at the end; a read tells the two apart
                if (in.read() < 0) {
                    throw new EOFException("tar stream is truncated: " + left + " bytes of an entry are missing");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** The PAX records that matter here; others (mtime, uid, xattrs) are ignored. */
    record PaxHeaders(Optional<String> path, Optional<String> linkPath, Optional<Long> size) {
        static final PaxHeaders NONE = new PaxHeaders(Optional.empty(), Optional.empty(), Optional.empty());

        /** Records are {@code "<len> <key>=<value>\n"} where len counts the whole record. */
        static PaxHeaders parse(byte[] data) throws IOException {
            Optional<String> path = Optional.empty();
            Optional<String> link = Optional.empty();
            Optional<Long> size = Optional.empty();
            int pos = 0;
            while (pos < data.length) {
                if (data[pos] == 0) {
                    break; // NUL padding some writers leave
                }
                int space = pos;
                while (space < data.length && data[space] != ' ') {
                    space++;
                }
                if (space >= data.length || space == pos || space - pos > 9) {
                    throw new IOException("malformed PAX header record");
                }
                int len;
                try {
                    len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("malformed PAX header record length");
                }
                int end = pos + len;
                if (len <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
                    throw new IOException("malformed PAX header record length " + len);
                }
                String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq < 0) {
                    throw new IOException("malformed PAX header record without '='");
                }
                String key = record.substring(0, eq);
                String value = record.substring(eq + 1);
                switch (key) {
                    case "path" -> path = Optional.of(value);
                    case "linkpath" -> link = Optional.of(value);
                    case "size" -> {
                        try {
                            size = Optional.of(Long.parseLong(value));
                        } catch (NumberFormatException e) {
                            throw new IOException("malformed PAX size '" + value.substring(0, Math.min(20, value.length())) + "'");
                        }
                    }
                    default -> {
                    }
                }
                pos = end;
            }
            return new PaxHeaders(path, link, size);
        }
    }
}
