package dev.cairn.sbom.binary;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal valid little-endian ELF64 executable for tests: a header, one program header per
 * section marked loadable, the sections' bytes, a name table and the section header table at the end
 * (where linkers put it).
 */
final class SyntheticElf {
    private record Sec(String name, byte[] data, boolean writableLoad) {
    }

    private final List<Sec> sections = new ArrayList<>();

    /** A section; {@code writableLoad} also makes a writable PT_LOAD segment of it, as Go's data segment is. */
    SyntheticElf section(String name, byte[] data, boolean writableLoad) {
        sections.add(new Sec(name, data, writableLoad));
        return this;
    }

    byte[] bytes() {
        int phnum = (int) sections.stream().filter(Sec::writableLoad).count();
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        int[] nameOffsets = new int[sections.size() + 1];
        for (int i = 0; i < sections.size(); i++) {
            nameOffsets[i] = names.size();
            names.writeBytes(sections.get(i).name().getBytes(StandardCharsets.US_ASCII));
            names.write(0);
        }
        nameOffsets[sections.size()] = names.size();
        names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.US_ASCII));

        long offset = align(64 + 56L * phnum, 4096);
        long[] offsets = new long[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            offsets[i] = offset;
            offset = align(offset + sections.get(i).data().length, 16);
        }
        long namesOffset = offset;
        long shoff = align(namesOffset + names.size(), 8);
        int shnum = sections.size() + 2; // null section, the sections, .shstrtab
        ByteBuffer b = ByteBuffer.allocate((int) (shoff + 64L * shnum)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
        b.putLong(0x20, 64).putLong(0x28, shoff).putShort(0x34, (short) 64)
                .putShort(0x36, (short) 56).putShort(0x38, (short) phnum)
                .putShort(0x3A, (short) 64).putShort(0x3C, (short) shnum).putShort(0x3E, (short) (shnum - 1));
        int ph = 64;
        for (int i = 0; i < sections.size(); i++) {
            Sec s = sections.get(i);
            b.put((int) offsets[i], s.data());
            if (s.writableLoad()) {
                b.putInt(ph, 1).putInt(ph + 4, 6).putLong(ph + 8, offsets[i]).putLong(ph + 16, 0x400000 + offsets[i])
                        .putLong(ph + 24, 0x400000 + offsets[i]).putLong(ph + 32, s.data().length).putLong(ph + 40, s.data().length)
                        .putLong(ph + 48, 4096);
                ph += 56;
            }
        }
        b.put((int) namesOffset, names.toByteArray());
        for (int i = 0; i < sections.size(); i++) {
            int at = (int) shoff + 64 * (i + 1);
            b.putInt(at, nameOffsets[i]).putInt(at + 4, 1).putLong(at + 8, sections.get(i).writableLoad() ? 3 : 2)
                    .putLong(at + 24, offsets[i]).putLong(at + 32, sections.get(i).data().length).putLong(at + 48, 16);
        }
        int at = (int) shoff + 64 * (shnum - 1);
        b.putInt(at, nameOffsets[sections.size()]).putInt(at + 4, 3).putLong(at + 24, namesOffset).putLong(at + 32, names.size());
        return b.array();
    }

    private static long align(long v, int a) {
        return (v + a - 1) / a * a;
    }
}
