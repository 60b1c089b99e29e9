package dev.cairn.vuln.db;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
        ByteBuffer in = ByteBuffer.wrap(blob);
        int n = in.getInt();
        List<Advisory.Affected> entries = new ArrayList<>(Math.min(n, in.remaining()));
        for (int i = 0; i < n; i++) {
            String ecosystem = string(in);
            String name = string(in);
            int rangeCount = in.getInt();
            List<OsvRange> ranges = new ArrayList<>(Math.min(rangeCount, in.remaining()));
            for (int r = 0; r < rangeCount; r++) {
                OsvRange.Type type = TYPES[in.get()];
                Optional<String> repo = in.get() != 0 ? Optional.of(string(in)) : Optional.empty();
                int eventCount = in.getInt();
                List<OsvEvent> events = new ArrayList<>(Math.min(eventCount, in.remaining()));
                for (int e = 0; e < eventCount; e++) {
                    OsvEvent.Kind kind = KINDS[in.get()];
                    events.add(new OsvEvent(kind, string(in)));
                }
                ranges.add(new OsvRange(type, repo, events));
            }
            int versionCount = in.getInt();
            List<String> versions = new ArrayList<>(Math.min(versionCount, in.remaining()));
            for (int v = 0; v < versionCount; v++) {
                versions.add(string(in));
            }
            entries.add(new Advisory.Affected(ecosystem, name, new AffectedEntry(ranges, versions)));
        }
        return entries;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
