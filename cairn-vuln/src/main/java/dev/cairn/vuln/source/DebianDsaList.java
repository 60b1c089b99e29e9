package dev.cairn.vuln.source;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian security tracker's {@code data/DSA/list} and {@code data/DLA/list} text files. A block
 *
 * <pre>
 * [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *         {CVE-2023-1393}
 *         [bullseye] - xorg-server 2:1.20.11-1+deb11u6
 * </pre>
 *
 * becomes an advisory {@code DSA-5380-1} with the CVEs as aliases and, per {@code [release] -
 * package version} line, the source package in ecosystem {@code Debian:<n>} affected from
 * {@code 0} until {@code version}. {@code <not-affected>} lines add nothing for that release;
 * {@code <unfixed>} and {@code <end-of-life>} lines mean affected with no fix. The header date is the
 * advisory's {@code modified}. Blocks without any package line (announcements, notes) are skipped
 * and counted.
 */
final class DebianDsaList {
    private static final Pattern HEADER = Pattern.compile("^\\[(\\d{1,2} \\w{3} \\d{4})\\]\\s+(\\S+)\\s*(.*)$");
    private static final Pattern CVES = Pattern.compile("^\\s+\\{(.*)\\}\\s*$");
    private static final Pattern RELEASE = Pattern.compile("^\\s+\\[([\\w-]+)\\]\\s+-\\s+(\\S+)(?:\\s+(.*))?$");
    private static final Pattern ID = Pattern.compile("D[SL]A-\\d+(-\\d+)?");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT);

    private DebianDsaList() {
    }

    static void read(BufferedReader in, String file, RecordSink sink) throws IOException {
        Block block = null;
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (block != null) {
                    block.emit(sink);
                }
                Matcher m = HEADER.matcher(line);
                if (!m.matches() || !ID.matcher(m.group(2)).matches()) {
                    sink.skip(file + ":" + n, "unparsable", "not a DSA/DLA header: " + OsvRecords.quotable(line));
                    block = null;
                    continue;
                }
                block = new Block(file + ":" + n, m.group(2), m.group(3).strip(), m.group(1));
                continue;
            }
            if (block == null) {
                continue; // continuation of a skipped block: already counted with it
            }
            Matcher cves = CVES.matcher(line);
            if (cves.matches()) {
                for (String t : cves.group(1).trim().split("\\s+")) {
                    if (!t.isEmpty()) {
                        block.aliases.add(t);
                    }
                }
                continue;
            }
            Matcher rel = RELEASE.matcher(line);
            if (rel.matches()) {
                block.release(rel.group(1), rel.group(2), rel.group(3) == null ? "" : rel.group(3).strip(), file + ":" + n, sink);
            }
            // NOTE: lines and anything else carry no matching data.
        }
        if (block != null) {
            block.emit(sink);
        }
    }

    private static final class Block {
        final String where;
        final String id;
        final String summary;
        final String date;
        final Set<String> aliases = new LinkedHashSet<>();
        /** (ecosystem, package) → events; insertion-ordered so output is stable. */
        final Map<List<String>, List<OsvEvent>> affected = new LinkedHashMap<>();
        int lines;

        Block(String where, String id, String summary, String date) {
            this.where = where;
            this.id = id;
            this.summary = summary;
            this.date = date;
        }

        void release(String codename, String pkg, String rest, String at, RecordSink sink) {
            lines++;
            Optional<String> number = DebianReleases.number(codename);
            if (number.isEmpty()) {
                sink.warn(at, id + ": unknown Debian release '" + OsvRecords.quotable(codename) + "'; line ignored");
                return;
            }
            String status = rest.split("\\s+", 2)[0];
            if (status.equals("<not-affected>")) {
                return;
            }
            List<OsvEvent> events = affected.computeIfAbsent(List.of("Debian:" + number.get(), pkg),
                    k -> new ArrayList<>(List.of(OsvEvent.introduced(OsvEvent.ZERO))));
            if (status.equals("<unfixed>") || status.equals("<end-of-life>")) {
                return;
            }
            if (status.isEmpty() || status.startsWith("<")) {
                sink.warn(at, id + ": no fixed version for " + pkg + " in " + codename + " ('" + OsvRecords.quotable(rest) + "'); treated as unfixed");
                return;
            }
            events.add(OsvEvent.fixed(status));
        }

        void emit(RecordSink sink) {
            if (affected.isEmpty()) {
                sink.skip(where, "no affected package", id + (lines == 0 ? ": no package lines" : ": not affected in any known release"));
                return;
            }
            java.time.Instant modified;
            try {
                modified = LocalDate.parse(date, DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                sink.skip(where, "unparsable", id + ": date '" + date + "'");
                return;
            }
            List<Advisory.Affected> list = new ArrayList<>();
            affected.forEach((k, events) -> list.add(new Advisory.Affected(k.get(0), k.get(1),
                    new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM, events)), List.of()))));
            aliases.remove(id);
            sink.accept(new Advisory(id, List.copyOf(aliases), summary, List.of(), list, Optional.of(modified), "debian"), where);
        }
    }
}
