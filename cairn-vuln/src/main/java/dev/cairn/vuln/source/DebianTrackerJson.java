package dev.cairn.vuln.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Debian security tracker's JSON export ({@code https://security-tracker.debian.org/tracker/data/json}):
 * {@code {package: {CVE-or-TEMP-id: {description, scope, debianbug, releases: {codename:
 * {status, repositories, fixed_version, urgency}}}}}}.
 *
 * <p>Each (issue, source package) becomes one advisory with id {@code <issue>/debian/<package>}
 * (unique across sources, and stable when one package's data is re-imported), the CVE as alias,
 * and per release: {@code resolved} with {@code fixed_version "0"} → not affected (nothing added);
 * {@code resolved} with a version → introduced 0, fixed that version; {@code open} or
 * {@code undetermined} → introduced 0 with no fix. The highest urgency across releases is kept as
 * severity type {@code DEBIAN_URGENCY}. The export has no modification time, so {@code modified}
 * is empty: a changed record replaces the stored one.
 *
 * <p>The file is streamed: one package's subtree is in memory at a time.
 */
final class DebianTrackerJson {
    private static final Pattern ISSUE = Pattern.compile("(CVE|TEMP)-[\\w-]+");
    private static final List<String> URGENCY = List.of("unimportant", "not yet assigned", "low", "medium", "high");

    private DebianTrackerJson() {
    }

    /** Whether a tree (or a prefix of one) has the tracker's shape: package → issue → {releases}. */
    static boolean looksLikeTracker(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return false;
        }
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        return p.nextToken() == JsonToken.FIELD_NAME && ISSUE.matcher(p.currentName()).matches();
    }

    static void read(InputStream in, String file, RecordSink sink) throws IOException {
        try (JsonParser p = Parsers.JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.skip(file, "unparsable", "tracker JSON is not an object");
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String pkg = p.currentName();
                p.nextToken();
                JsonNode issues = Parsers.JSON.readTree(p);
                if (issues == null || !issues.isObject()) {
                    sink.skip(file + " " + OsvRecords.quotable(pkg), "schema-invalid", "package entry is not an object");
                    continue;
                }
                for (Map.Entry<String, JsonNode> issue : issues.properties()) {
                    emit(pkg, issue.getKey(), issue.getValue(), file, sink);
                }
            }
        }
    }

    private static void emit(String pkg, String issue, JsonNode node, String file, RecordSink sink) {
        String where = file + " " + OsvRecords.quotable(pkg) + "/" + OsvRecords.quotable(issue);
        if (!ISSUE.matcher(issue).matches() || pkg.isBlank() || pkg.chars().anyMatch(Character::isWhitespace)) {
            sink.skip(where, "schema-invalid", "not a package/issue pair");
            return;
        }
        JsonNode releases = node.path("releases");
        if (!releases.isObject()) {
            sink.skip(where, "schema-invalid", "no releases object");
            return;
        }
        List<Advisory.Affected> affected = new ArrayList<>();
        int urgency = -1;
        for (Map.Entry<String, JsonNode> r : releases.properties()) {
            Optional<String> number = DebianReleases.number(r.getKey());
            if (number.isEmpty()) {
                continue; // sid and experimental have no release number; the matcher cannot use them
            }
            JsonNode rel = r.getValue();
            String status = rel.path("status").asText("");
            String fixed = rel.path("fixed_version").asText("");
            List<OsvEvent> events = new ArrayList<>(List.of(OsvEvent.introduced(OsvEvent.ZERO)));
            switch (status) {
                case "resolved" -> {
                    if (fixed.isBlank() || fixed.equals("0")) {
                        continue;
                    }
                    events.add(OsvEvent.fixed(fixed.strip()));
                }
                case "open", "undetermined" -> { }
                default -> {
                    sink.warn(where, "release " + r.getKey() + " has unknown status '" + OsvRecords.quotable(status) + "'; ignored");
                    continue;
                }
            }
            urgency = Math.max(urgency, URGENCY.indexOf(rel.path("urgency").asText("").replace("*", "").strip()));
            affected.add(new Advisory.Affected("Debian:" + number.get(), pkg,
                    new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM, events)), List.of())));
        }
        if (affected.isEmpty()) {
            sink.skip(where, "no affected package", "not affected in any known release");
            return;
        }
        String description = node.path("description").asText("");
        List<Advisory.Severity> severities = urgency >= 0
                ? List.of(new Advisory.Severity("DEBIAN_URGENCY", URGENCY.get(urgency))) : List.of();
        List<String> aliases = issue.startsWith("CVE-") ? List.of(issue) : List.of();
        sink.accept(new Advisory(issue + "/debian/" + pkg, aliases, description, severities, affected,
                Optional.empty(), "debian"), where);
    }
}
