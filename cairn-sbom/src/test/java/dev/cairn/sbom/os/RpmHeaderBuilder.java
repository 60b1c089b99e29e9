package dev.cairn.sbom.os;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds rpm header blobs as rpmdb stores them (see {@link RpmHeader} for the format): a region
 * entry first (tag 63, BIN, 16 bytes, as rpm writes for the immutable region), then the tags,
 * strings NUL-terminated, INT32 values 4-aligned, all big-endian.
 */
final class RpmHeaderBuilder {
    private record Entry(int tag, int type, int offset, int count) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    RpmHeaderBuilder string(int tag, String value) {
        entries.add(new Entry(tag, RpmHeader.TYPE_STRING, data.size(), 1));
        data.writeBytes((value + "\0").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    RpmHeaderBuilder i18n(int tag, String value) {
        entries.add(new Entry(tag, RpmHeader.TYPE_I18NSTRING, data.size(), 1));
        data.writeBytes((value + "\0").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    RpmHeaderBuilder int32(int tag, int value) {
        while (data.size() % 4 != 0) {
            data.write(0);
        }
        entries.add(new Entry(tag, RpmHeader.TYPE_INT32, data.size(), 1));
        data.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
        return this;
    }

    /** A raw index entry, for hostile headers. */
    RpmHeaderBuilder entry(int tag, int type, int offset, int count) {
        entries.add(new Entry(tag, type, offset, count));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        store.writeBytes(data.toByteArray());
        int regionOffset = store.size();
        store.writeBytes(new byte[16]); // the region trailer's content is not read
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(63, 7, regionOffset, 16));
        all.addAll(entries);
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * all.size() + store.size());
        b.putInt(all.size()).putInt(store.size());
        for (Entry e : all) {
            b.putInt(e.tag()).putInt(e.type()).putInt(e.offset()).putInt(e.count());
        }
        b.put(store.toByteArray());
        return b.array();
    }

    static byte[] pkg(String name, String version, String release, Integer epoch, String arch, String license, String sourceRpm) {
        RpmHeaderBuilder h = new RpmHeaderBuilder().string(RpmHeader.NAME, name).string(RpmHeader.VERSION, version)
                .string(RpmHeader.RELEASE, release);
        if (epoch != null) {
            h.int32(RpmHeader.EPOCH, epoch);
        }
        h.string(RpmHeader.ARCH, arch).string(RpmHeader.LICENSE, license);
        if (sourceRpm != null) {
            h.string(RpmHeader.SOURCERPM, sourceRpm);
        }
        return h.build();
    }
}
