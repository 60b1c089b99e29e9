package dev.cairn.sbom.os;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An rpm header blob as the rpm database stores it, parsed from the published format (rpm's
 * {@code lib/header.c} and the "RPM file format" documentation), not from rpm's code:
 *
 * <pre>
 *   [8E AD E8 01, 4 reserved bytes]   only in package files, absent in rpmdb blobs
 *   int32 il                          number of index entries      (big-endian, as all numbers)
 *   int32 dl                          length of the data store
 *   il × { int32 tag, int32 type, int32 offset, int32 count }
 *   dl bytes of data; an entry's value starts at data[offset]
 * </pre>
 *
 * Types used here: 4 INT32 ({@code count} big-endian ints), 6 STRING (one NUL-terminated UTF-8
 * string), 8 STRING_ARRAY and 9 I18NSTRING ({@code count} NUL-terminated strings; for I18N the
 * first is the C locale's). The first entry of a database header is usually a region tag (62/63)
 * of type BIN describing the immutable region; it is simply not one of the tags we read. rpm
 * refuses more than 0xffff entries or more than 0x0fffffff data bytes; so do we, and every
 * offset is checked against the data store before it is read.
 */
final class RpmHeader {
    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int EPOCH = 1003;
    static final int LICENSE = 1014;
    static final int ARCH = 1022;
    static final int SOURCERPM = 1044;

    static final int TYPE_INT32 = 4;
    static final int TYPE_STRING = 6;
    static final int TYPE_STRING_ARRAY = 8;
    static final int TYPE_I18NSTRING = 9;

    private static final int MAX_ENTRIES = 0xffff;
    private static final int MAX_DATA = 0x0fffffff;
    private static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01};

    private final Map<Integer, String> strings;
    private final Map<Integer, Integer> ints;

    private RpmHeader(Map<Integer, String> strings, Map<Integer, Integer> ints) {
        this.strings = strings;
        this.ints = ints;
    }

    Optional<String> string(int tag) {
        return Optional.ofNullable(strings.get(tag));
    }

    OptionalInt int32(int tag) {
        Integer v = ints.get(tag);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Parses a header; {@link IllegalArgumentException} says what is wrong with a malformed one. */
    static RpmHeader parse(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob); // big-endian by default
        if (blob.length >= 8 && blob[0] == MAGIC[0] && blob[1] == MAGIC[1] && blob[2] == MAGIC[2] && blob[3] == MAGIC[3]) {
            b.position(8);
        }
        if (b.remaining() < 8) {
            throw new IllegalArgumentException("rpm header shorter than its 8-byte preamble");
        }
        int il = b.getInt();
        int dl = b.getInt();
        if (il < 1 || il > MAX_ENTRIES || dl < 0 || dl > MAX_DATA) {
            throw new IllegalArgumentException("rpm header claims " + il + " entries and " + dl + " data bytes");
        }
        int indexStart = b.position();
        long dataStart = indexStart + 16L * il;
        if (dataStart + dl > blob.length) {
            throw new IllegalArgumentException("rpm header is truncated: needs " + (dataStart + dl) + " bytes, has " + blob.length);
        }
        Map<Integer, String> strings = new HashMap<>();
        Map<Integer, Integer> ints = new HashMap<>();
        for (int i = 0; i < il; i++) {
            int tag = b.getInt(indexStart + 16 * i);
            int type = b.getInt(indexStart + 16 * i + 4);
            int offset = b.getInt(indexStart + 16 * i + 8);
            int count = b.getInt(indexStart + 16 * i + 12);
            if (!wanted(tag)) {
                continue;
            }
            if (offset < 0 || offset >= dl || count < 1) {
                throw new IllegalArgumentException("rpm header tag " + tag + " points outside its data (offset " + offset + ", count " + count + ")");
            }
            int at = (int) dataStart + offset;
            int end = (int) dataStart + dl;
            switch (type) {
                case TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING -> strings.put(tag, cString(blob, at, end, tag));
                case TYPE_INT32 -> {
                    if (at + 4 > end) {
                        throw new IllegalArgumentException("rpm header tag " + tag + " runs past its data");
                    }
                    ints.put(tag, b.getInt(at));
                }
                default -> throw new IllegalArgumentException("rpm header tag " + tag + " has unexpected type " + type);
            }
        }
        return new RpmHeader(strings, ints);
    }

    private static boolean wanted(int tag) {
        return tag == NAME || tag == VERSION || tag == RELEASE || tag == EPOCH || tag == LICENSE || tag == ARCH || tag == SOURCERPM;
    }

    private static String cString(byte[] blob, int at, int end, int tag) {
        int nul = at;
        while (nul < end && blob[nul] != 0) {
            nul++;
        }
        if (nul == end) {
            throw new IllegalArgumentException("rpm header string tag " + tag + " is not NUL-terminated");
        }
        return new String(blob, at, nul - at, StandardCharsets.UTF_8);
    }
}
