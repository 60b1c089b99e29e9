package dev.cairn.vuln.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One OSV record (JSON or YAML, as a tree) to an {@link Advisory}, checked against the parts of the
 * OSV schema the matcher relies on. A record is refused as a whole ({@link InvalidRecord}) when its
 * id or {@code modified} is missing, a range is malformed (unknown event, empty version, no
 * {@code introduced}), or no {@code affected} entry names a package in a known ecosystem. Parts
 * that can be dropped without misleading a matcher (a range of an unknown type, an entry in an
 * unknown ecosystem beside known ones) are dropped with a warning.
 */
public final class OsvRecords {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}");
    private static final int MAX_AFFECTED = 10_000;
    private static final int MAX_ALIASES = 1_000;
    private static final int SUMMARY_FROM_DETAILS = 200;

    private OsvRecords() {
    }

    /** What one record turned into. */
    sealed interface Parsed {
        record Ok(Advisory advisory, List<String> warnings) implements Parsed {}

        record Withdrawn(String id) implements Parsed {}
    }

    /** Whether a tree looks like an OSV record (an object with an {@code id} and OSV fields). */
    static boolean looksLikeOsv(JsonNode root) {
        return root.isObject() && root.has("id")
                && (root.has("modified") || root.has("affected") || root.has("schema_version"));
    }

    static Parsed parse(JsonNode root) throws InvalidRecord {
        if (!root.isObject()) {
            throw new InvalidRecord("schema-invalid", "not a JSON/YAML object");
        }
        String id = text(root, "id").orElseThrow(() -> new InvalidRecord("schema-invalid", "no id"));
        if (!ID.matcher(id).matches()) {
            throw new InvalidRecord("schema-invalid", "malformed id '" + quotable(id) + "'");
        }
        String modifiedText = text(root, "modified")
                .orElseThrow(() -> new InvalidRecord("schema-invalid", id + ": no modified time"));
        Instant modified = instant(modifiedText)
                .orElseThrow(() -> new InvalidRecord("schema-invalid", id + ": modified is not RFC 3339: " + quotable(modifiedText)));
        if (root.hasNonNull("withdrawn")) {
            return new Parsed.Withdrawn(id);
        }
        List<String> warnings = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();
        for (JsonNode a : root.path("aliases")) {
            if (a.isTextual() && !a.asText().isBlank() && aliases.size() < MAX_ALIASES) {
                aliases.add(a.asText().strip());
            }
        }
        aliases.remove(id);
        String summary = text(root, "summary").or(() -> text(root, "details").map(OsvRecords::firstLine)).orElse("");

        List<Advisory.Severity> severities = new ArrayList<>();
        for (JsonNode s : root.path("severity")) {
            Optional<String> type = text(s, "type");
            Optional<String> score = text(s, "score");
            if (type.isPresent() && score.isPresent()) {
                severities.add(new Advisory.Severity(type.get(), score.get()));
            }
        }
        JsonNode dbSeverity = root.path("database_specific").path("severity");
        if (dbSeverity.isTextual() && !dbSeverity.asText().isBlank()) {
            String type = id.startsWith("GHSA-") ? "GHSA" : "DATABASE_SPECIFIC";
            severities.add(new Advisory.Severity(type, dbSeverity.asText().strip()));
        }

        JsonNode affectedNode = root.path("affected");
        if (affectedNode.size() > MAX_AFFECTED) {
            throw new InvalidRecord("over-size", id + ": " + affectedNode.size() + " affected entries; at most " + MAX_AFFECTED);
        }
        List<Advisory.Affected> affected = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode a : affectedNode) {
            String at = id + " affected[" + index++ + "]";
            JsonNode pkg = a.path("package");
            Optional<String> ecosystem = text(pkg, "ecosystem");
            Optional<String> name = text(pkg, "name");
            if (ecosystem.isEmpty() || name.isEmpty()) {
                warnings.add(at + ": no package ecosystem and name; entry dropped");
                continue;
            }
            if (!Ecosystems.isKnown(ecosystem.get())) {
                unknown.add(ecosystem.get());
                continue;
            }
            affected.add(new Advisory.Affected(ecosystem.get(), name.get(), entry(a, at, warnings)));
        }
        if (affected.isEmpty()) {
            if (!unknown.isEmpty()) {
                throw new InvalidRecord("unknown ecosystem", id + ": " + quotable(String.join(", ", unknown)));
            }
            throw new InvalidRecord("no affected package", id + ": no affected entry names a package");
        }
        if (!unknown.isEmpty()) {
            warnings.add(id + ": entries in unknown ecosystems dropped: " + quotable(String.join(", ", unknown)));
        }
        try {
            return new Parsed.Ok(new Advisory(id, List.copyOf(aliases), summary, severities, affected,
                    Optional.of(modified), "osv"), warnings);
        } catch (CairnException | NullPointerException e) {
            throw new InvalidRecord("schema-invalid", id + ": " + e.getMessage());
        }
    }

    private static AffectedEntry entry(JsonNode a, String at, List<String> warnings) throws InvalidRecord {
        List<OsvRange> ranges = new ArrayList<>();
        JsonNode rangesNode = a.path("ranges");
        if (!rangesNode.isMissingNode() && !rangesNode.isArray()) {
            throw new InvalidRecord("schema-invalid range", at + ": ranges is not an array");
        }
        if (rangesNode.size() > AffectedEntry.MAX_RANGES) {
            throw new InvalidRecord("schema-invalid range", at + ": " + rangesNode.size() + " ranges");
        }
        int r = 0;
        for (JsonNode range : rangesNode) {
            String rat = at + " ranges[" + r++ + "]";
            String typeText = text(range, "type").orElseThrow(() -> new InvalidRecord("schema-invalid range", rat + ": no type"));
            Optional<OsvRange.Type> type = OsvRange.Type.of(typeText);
            if (type.isEmpty()) {
                warnings.add(rat + ": range type '" + quotable(typeText) + "' not known; range dropped");
                continue;
            }
            JsonNode eventsNode = range.path("events");
            if (!eventsNode.isArray() || eventsNode.isEmpty()) {
                throw new InvalidRecord("schema-invalid range", rat + ": no events");
            }
            if (eventsNode.size() > OsvRange.MAX_EVENTS) {
                throw new InvalidRecord("schema-invalid range", rat + ": " + eventsNode.size() + " events");
            }
            List<OsvEvent> events = new ArrayList<>();
            boolean introduced = false;
            for (JsonNode e : eventsNode) {
                if (!e.isObject() || e.size() != 1) {
                    throw new InvalidRecord("schema-invalid range", rat + ": an event must have exactly one field");
                }
                Map.Entry<String, JsonNode> f = e.properties().iterator().next();
                OsvEvent.Kind kind = switch (f.getKey()) {
                    case "introduced" -> OsvEvent.Kind.INTRODUCED;
                    case "fixed" -> OsvEvent.Kind.FIXED;
                    case "last_affected" -> OsvEvent.Kind.LAST_AFFECTED;
                    case "limit" -> OsvEvent.Kind.LIMIT;
                    default -> throw new InvalidRecord("schema-invalid range",
                            rat + ": unknown event '" + quotable(f.getKey()) + "'");
                };
                JsonNode v = f.getValue();
                if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
                    throw new InvalidRecord("schema-invalid range", rat + ": " + f.getKey() + " has no version");
                }
                introduced |= kind == OsvEvent.Kind.INTRODUCED;
                events.add(new OsvEvent(kind, v.asText().strip()));
            }
            if (!introduced) {
                throw new InvalidRecord("schema-invalid range", rat + ": no introduced event");
            }
            Optional<String> repo = text(range, "repo");
            if (type.get() == OsvRange.Type.GIT && repo.isEmpty()) {
                throw new InvalidRecord("schema-invalid range", rat + ": GIT range without repo");
            }
            ranges.add(new OsvRange(type.get(), repo, events));
        }
        List<String> versions = new ArrayList<>();
        JsonNode versionsNode = a.path("versions");
        if (versionsNode.size() > AffectedEntry.MAX_VERSIONS) {
            throw new InvalidRecord("over-size", at + ": " + versionsNode.size() + " versions");
        }
        for (JsonNode v : versionsNode) {
            if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                versions.add(v.asText());
            }
        }
        return new AffectedEntry(ranges, versions);
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()
                ? Optional.of(v.asText().strip()) : Optional.empty();
    }

    static Optional<Instant> instant(String s) {
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static String firstLine(String details) {
        String s = details.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        return s.length() > SUMMARY_FROM_DETAILS ? s.substring(0, SUMMARY_FROM_DETAILS) + "…" : s;
    }

    static String quotable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder out = new StringBuilder();
        for (Iterator<Integer> it = cut.codePoints().iterator(); it.hasNext(); ) {
            int c = it.next();
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }
}
