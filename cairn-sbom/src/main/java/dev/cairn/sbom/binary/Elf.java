package dev.cairn.sbom.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Just enough ELF to find segments and sections: the file header, program headers and section
 * headers of 32- and 64-bit files in either byte order. Every count and size read from the file is
 * checked against the space it claims before anything is allocated for it.
 */
final class Elf {
    static final int PT_LOAD = 1;
    static final int PF_W = 2;
    static final int SHT_NOBITS = 8;
    /** Reading more headers than this is refused (a real file has a few dozen). */
    static final int MAX_HEADER_TABLE = 1 << 20;
    static final int MAX_SECTION_NAMES = 1 << 20;

    private Elf() {
    }

    /** True when {@code bytes} begins with {@code \x7fELF}. */
    static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** The file header. */
    record Header(boolean is64, ByteOrder order, long phoff, int phentsize, int phnum,
                  long shoff, int shentsize, int shnum, int shstrndx) {
        /** How many bytes the header itself takes. */
        int size() {
            return is64 ? 64 : 52;
        }
    }

    record Segment(int type, int flags, long offset, long fileSize) {
    }

    record Section(String name, int type, long flags, long offset, long size) {
    }

    /** Random access to the bytes of a file. */
    interface Source {
        /** Reads exactly {@code length} bytes at {@code position}, or fails. */
        byte[] read(long position, int length) throws IOException;

        long size() throws IOException;
    }

    /** Parses the file header from the first 64 bytes (fewer for a 32-bit file); empty when it is not a usable ELF header. */
    static Optional<Header> header(byte[] first) {
        if (!isElf(first) || first.length < 52) {
            return Optional.empty();
        }
        int cls = first[4];
        int data = first[5];
        if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
            return Optional.empty();
        }
        boolean is64 = cls == 2;
        if (is64 && first.length < 64) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(first).order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (is64) {
            return Optional.of(new Header(true, b.order(), b.getLong(0x20), u16(b, 0x36), u16(b, 0x38),
                    b.getLong(0x28), u16(b, 0x3A), u16(b, 0x3C), u16(b, 0x3E)));
        }
        return Optional.of(new Header(false, b.order(), u32(b, 0x1C), u16(b, 0x2A), u16(b, 0x2C),
                u32(b, 0x20), u16(b, 0x2E), u16(b, 0x30), u16(b, 0x32)));
    }

    /** The size of the program header table, or -1 when its entries are not the size the class requires. */
    static int programHeaderTableSize(Header h) {
        int entry = h.is64() ? 56 : 32;
        if (h.phnum() == 0 || h.phentsize() < entry || h.phoff() < 0) {
            return -1;
        }
        long size = (long) h.phentsize() * h.phnum();
        return size > MAX_HEADER_TABLE ? -1 : (int) size;
    }

    /** Parses the program header table (the bytes at {@code phoff}, {@link #programHeaderTableSize} long). */
    static List<Segment> segments(Header h, byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(h.order());
        List<Segment> out = new ArrayList<>(h.phnum());
        for (int i = 0; i < h.phnum(); i++) {
            int at = i * h.phentsize();
            if (h.is64()) {
                out.add(new Segment(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 32)));
            } else {
                out.add(new Segment(b.getInt(at), b.getInt(at + 24), u32(b, at + 4), u32(b, at + 16)));
            }
        }
        return out;
    }

    /**
     * Reads the section header table and the section names from {@code file}. Fails with an
     * {@code IOException} when a table or name lies outside the file.
     */
    static List<Section> sections(Header h, Source file) throws IOException {
        int entry = h.is64() ? 64 : 40;
        if (h.shoff() == 0 || h.shnum() == 0) {
            return List.of();
        }
        if (h.shentsize() < entry || h.shoff() < 0) {
            throw new IOException("bad section header entry size " + h.shentsize());
        }
        long tableSize = (long) h.shentsize() * h.shnum();
        checkRange(file, h.shoff(), tableSize, "section header table");
        ByteBuffer b = ByteBuffer.wrap(file.read(h.shoff(), (int) tableSize)).order(h.order());
        long[][] raw = new long[h.shnum()][];
        for (int i = 0; i < h.shnum(); i++) {
            int at = i * h.shentsize();
            raw[i] = h.is64()
                    ? new long[]{u32(b, at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 24), b.getLong(at + 32)}
                    : new long[]{u32(b, at), b.getInt(at + 4), u32(b, at + 8), u32(b, at + 16), u32(b, at + 20)};
        }
        byte[] names = new byte[0];
        if (h.shstrndx() > 0 && h.shstrndx() < h.shnum()) {
            long[] strtab = raw[h.shstrndx()];
            if (strtab[4] > MAX_SECTION_NAMES) {
                throw new IOException("section name table of " + strtab[4] + " bytes");
            }
            checkRange(file, strtab[3], strtab[4], "section name table");
            names = file.read(strtab[3], (int) strtab[4]);
        }
        List<Section> out = new ArrayList<>(h.shnum());
        for (long[] s : raw) {
            out.add(new Section(name(names, s[0]), (int) s[1], s[2], s[3], s[4]));
        }
        return out;
    }

    static void checkRange(Source file, long offset, long length, String what) throws IOException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset > file.size() - length) {
            throw new IOException(what + " at " + offset + " (+" + length + ") lies outside the file of " + file.size() + " bytes");
        }
    }

    private static String name(byte[] names, long offset) {
        if (offset < 0 || offset >= names.length) {
            return "";
        }
        int end = (int) offset;
        while (end < names.length && names[end] != 0) {
            end++;
        }
        return new String(names, (int) offset, end - (int) offset, StandardCharsets.ISO_8859_1);
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
