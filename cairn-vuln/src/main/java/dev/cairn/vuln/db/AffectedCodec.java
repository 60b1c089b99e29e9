package dev.cairn.vuln.db;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code affected[]} entries of one advisory for one package as {@code package_index.affected}
 * keeps them: a scan decodes one of these for every advisory of every package it looks up (thousands),
 * and the whole JSON record only for the advisories that match, so this is a plain binary layout that
 * takes no parser to read. Integers are big-endian 32-bit; strings are a length and UTF-8 bytes.
 *
 * <pre>
 * entries: count, then per entry: ecosystem, name, range count, ranges, version count, versions
 * range:   type (OsvRange.Type ordinal, 1 byte), has-repo (1 byte), [repo], event count, events
 * event:   kind (OsvEvent.Kind ordinal, 1 byte), version
 * </pre>
 */
final class AffectedCodec {
    private static final OsvRange.Type[] TYPES = OsvRange.Type.values();
    private static final OsvEvent.Kind[] KINDS = OsvEvent.Kind.values();

    private AffectedCodec() {
    }

    static byte[] write(List<Advisory.Affected> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Advisory.Affected af : entries) {
                string(out, af.ecosystem());
                string(out, af.name());
                out.writeInt(af.ranges().ranges().size());
                for (OsvRange r : af.ranges().ranges()) {
                    out.writeByte(r.type().ordinal());
                    out.writeBoolean(r.repo().isPresent());
                    if (r.repo().isPresent()) {
                        string(out, r.repo().get());
                    }
                    out.writeInt(r.events().size());
                    for (OsvEvent e : r.events()) {
                        out.writeByte(e.kind().ordinal());
                        string(out, e.version());
                    }
                }
                out.writeInt(af.ranges().versions().size());
                for (String v : af.ranges().versions()) {
                    string(out, v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #write} wrote; a blob of any other shape fails with an unchecked exception. */
    static List<Advisory.Affected> read(byte[] blob) {
        Input in = new Input(blob);
        int n = in.count();
        List<Advisory.Affected> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ecosystem = in.string();
            String name = in.string();
            int rangeCount = in.count();
            List<OsvRange> ranges = new ArrayList<>(rangeCount);
            for (int r = 0; r < rangeCount; r++) {
                OsvRange.Type type = TYPES[in.next()];
                Optional<String> repo = in.next() != 0 ? Optional.of(in.string()) : Optional.empty();
                int eventCount = in.count();
                List<OsvEvent> events = new ArrayList<>(eventCount);
                for (int e = 0; e < eventCount; e++) {
                    OsvEvent.Kind kind = KINDS[in.next()];
                    events.add(new OsvEvent(kind, in.string()));
                }
                ranges.add(new OsvRange(type, repo, events));
            }
            int versionCount = in.count();
            List<String> versions = new ArrayList<>(versionCount);
            for (int v = 0; v < versionCount; v++) {
                versions.add(in.string());
            }
            entries.add(new Advisory.Affected(ecosystem, name, new AffectedEntry(ranges, versions)));
        }
        return entries;
    }

    /**
     * A cursor over a blob. Plain array reads rather than a {@link java.nio.ByteBuffer}: a scan decodes
     * ten thousand of these in a cold JVM, where the buffer's layers ran interpreted at several times the cost.
     */
    private static final class Input {
        private final byte[] bytes;
        private int at;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            return bytes[at++] & 0xff;
        }

        /** A big-endian int that counts what follows, each of which takes at least a byte. */
        int count() {
            int n = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
            at += 4;
            if (n < 0 || n > bytes.length - at) {
                throw new IllegalArgumentException("count " + n + " at byte " + (at - 4) + " runs past the end of the entry");
            }
            return n;
        }

        String string() {
            int length = count();
            String s = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
