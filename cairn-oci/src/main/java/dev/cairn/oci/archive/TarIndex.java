package dev.cairn.oci.archive;

import dev.cairn.model.CairnException;
import dev.cairn.oci.Limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each file of an uncompressed tarball lies, found by one pass over its headers, so members
 * can be read later by seeking instead of re-reading the archive. Understands ustar, GNU long
 * names and PAX paths, and symlinks between members (docker save links repeated layers).
 * Bounded: at most {@link Limits#MAX_TAR_ENTRIES} members, names of sane length.
 */
final class TarIndex {
    private static final int BLOCK = 512;
    private static final int MAX_NAME = 4096;

    record Entry(String name, long offset, long size, Optional<String> linkTarget) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private TarIndex(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static TarIndex scan(Path file, String location) {
        Map<String, Entry> entries = new HashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(2);
            if (fileSize >= 2 && ch.read(magic, 0) == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b) {
                throw CairnException.invalid(location + " is gzip-compressed; decompress it first (gunzip), docker save writes plain tar");
            }
            long pos = 0;
            String pendingName = null;
            ByteBuffer header = ByteBuffer.allocate(BLOCK);
            while (pos + BLOCK <= fileSize) {
                header.clear();
                readFully(ch, header, pos);
                byte[] h = header.array();
                if (isZero(h)) {
                    break;
                }
                if (!checksumOk(h)) {
                    throw CairnException.invalid(location + " is not a tar archive (bad header checksum at offset " + pos + ")");
                }
                long size = parseSize(h, location);
                char type = (char) h[156];
                long data = pos + BLOCK;
                if (size < 0 || data + size > fileSize) {
                    throw CairnException.invalid(location + ": tar member at offset " + pos + " runs past the end of the file");
                }
                if (type == 'L' || type == 'x') {
                    if (size > MAX_NAME * 4L) {
                        throw CairnException.invalid(location + ": tar extended header at offset " + pos + " is too large");
                    }
                    ByteBuffer ext = ByteBuffer.allocate((int) size);
                    readFully(ch, ext, data);
                    String text = new String(ext.array(), StandardCharsets.UTF_8);
                    pendingName = type == 'L' ? cString(text) : paxPath(text).orElse(pendingName);
                } else if (type != 'g') {
                    String name = pendingName != null ? pendingName : ustarName(h);
                    pendingName = null;
                    if (name.length() > MAX_NAME) {
                        throw CairnException.invalid(location + ": tar member name longer than " + MAX_NAME);
                    }
                    if (type == '0' || type == '\0' || type == '2') {
                        Optional<String> link = type == '2' ? Optional.of(cString(field(h, 157, 100))) : Optional.empty();
                        entries.put(normalise(name), new Entry(normalise(name), data, type == '2' ? 0 : size, link));
                        if (entries.size() > Limits.MAX_TAR_ENTRIES) {
                            throw CairnException.invalid(location + " has more than " + Limits.MAX_TAR_ENTRIES + " members");
                        }
                    }
                }
                pos = data + (size + BLOCK - 1) / BLOCK * BLOCK;
            }
        } catch (IOException e) {
            throw CairnException.io("cannot read " + location + ": " + e.getMessage(), e);
        }
        return new TarIndex(file, Map.copyOf(entries));
    }

    /** A member, following symlinks inside the archive (bounded), or empty. */
    Optional<Entry> find(String name) {
        String current = normalise(name);
        for (int hops = 0; hops < 8; hops++) {
            Entry e = entries.get(current);
            if (e == null || e.linkTarget().isEmpty()) {
                return Optional.ofNullable(e);
            }
            String target = e.linkTarget().get();
            int slash = current.lastIndexOf('/');
            current = normalise(target.startsWith("/") ? target : (slash < 0 ? "" : current.substring(0, slash + 1)) + target);
        }
        return Optional.empty();
    }

    InputStream open(Entry entry) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(entry.offset());
        return new Slice(Channels.newInputStream(ch), entry.size());
    }

    /** Resolves {@code .} and {@code ..} lexically; a name climbing out of the archive root is kept unmatched. */
    static String normalise(String name) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return "../" + name;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("unexpected end of archive");
            }
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumOk(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        String stored = cString(field(h, 148, 8)).strip();
        try {
            return !stored.isEmpty() && Long.parseLong(stored, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long parseSize(byte[] h, String location) {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = cString(field(h, 124, 12)).strip();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw CairnException.invalid(location + ": tar header has an invalid size");
        }
    }

    private static String ustarName(byte[] h) {
        String name = cString(field(h, 0, 100));
        if (field(h, 257, 5).equals("ustar")) {
            String prefix = cString(field(h, 345, 155));
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static Optional<String> paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return Optional.of(line.substring(space + 6));
            }
        }
        return Optional.empty();
    }

    private static String field(byte[] h, int off, int len) {
        return new String(h, off, len, StandardCharsets.UTF_8);
    }

    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** A member's bytes: stops at its end whatever follows in the archive. */
    private static final class Slice extends FilterInputStream {
        private long remaining;

        Slice(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
