package dev.cairn.vuln.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Alpine's secdb ({@code v3.x/main.yaml}, {@code community.yaml}, or the JSON of secdb.alpinelinux.org):
 * {@code distroversion}, {@code packages[].pkg.{name, secfixes: {"1.2.3-r0": ["CVE-..."]}}}.
 *
 * <p>secdb lists fixes, not advisories, so each (issue, release, package) becomes one advisory with
 * id {@code <issue>/alpine-<release>/<package>}, e.g. {@code CVE-2021-3711/alpine-v3.11/openssl}:
 * unique across sources and releases, and stable when one release's file is re-imported alone.
 * The issue is the first token of a secfixes entry ({@code "CVE-2017-8904 XSA-214"}: the CVE; further
 * tokens become aliases); its ecosystem is {@code Alpine:<release>}, and its range introduced 0,
 * fixed at the secfixes key. An issue under several keys of one package gets each as a
 * {@code fixed} event (the evaluator then uses the lowest). Key {@code "0"} means "never affected":
 * nothing is recorded, and it is counted as skipped. secdb has no modification time.
 */
final class AlpineSecdb {
    private static final Pattern RELEASE = Pattern.compile("v\\d+\\.\\d+|edge");
    private static final Pattern ISSUE = Pattern.compile("[A-Za-z][A-Za-z0-9]*-[\\w.-]+");

    private AlpineSecdb() {
    }

    static boolean looksLikeSecdb(JsonNode root) {
        return root.isObject() && root.has("packages") && root.has("distroversion");
    }

    static void read(JsonNode root, String file, RecordSink sink) {
        String release = root.path("distroversion").asText("");
        if (!RELEASE.matcher(release).matches()) {
            sink.skip(file, "unknown ecosystem", "secdb distroversion '" + OsvRecords.quotable(release) + "'");
            return;
        }
        String ecosystem = "Alpine:" + release;
        int i = 0;
        for (JsonNode entry : root.path("packages")) {
            String at = file + " packages[" + i++ + "]";
            JsonNode pkg = entry.path("pkg");
            String name = pkg.path("name").asText("");
            if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                sink.skip(at, "schema-invalid", "package without a valid name");
                continue;
            }
            // issue → (fixed versions, aliases)
            Map<String, List<String>> fixes = new LinkedHashMap<>();
            Map<String, Set<String>> aliases = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> fix : pkg.path("secfixes").properties()) {
                String version = fix.getKey().strip();
                for (JsonNode issueNode : fix.getValue()) {
                    String[] tokens = issueNode.asText("").strip().split("\\s+");
                    String issue = tokens[0];
                    if (!ISSUE.matcher(issue).matches()) {
                        sink.skip(at, "schema-invalid", name + " " + version + ": issue '" + OsvRecords.quotable(issueNode.asText("")) + "'");
                        continue;
                    }
                    if (version.equals("0")) {
                        sink.skip(at, "not affected", issue + "/alpine-" + release + "/" + name + ": listed under 0 (never affected)");
                        continue;
                    }
                    fixes.computeIfAbsent(issue, k -> new ArrayList<>()).add(version);
                    Set<String> a = aliases.computeIfAbsent(issue, k -> new LinkedHashSet<>());
                    for (int t = 1; t < tokens.length; t++) {
                        if (ISSUE.matcher(tokens[t]).matches() && !tokens[t].equals(issue)) {
                            a.add(tokens[t]);
                        }
                    }
                }
            }
            for (Map.Entry<String, List<String>> f : fixes.entrySet()) {
                String issue = f.getKey();
                List<OsvEvent> events = new ArrayList<>();
                events.add(OsvEvent.introduced(OsvEvent.ZERO));
                f.getValue().stream().distinct().forEach(v -> events.add(OsvEvent.fixed(v)));
                List<String> al = new ArrayList<>();
                al.add(issue);
                al.addAll(aliases.get(issue));
                Advisory advisory = new Advisory(issue + "/alpine-" + release + "/" + name, al.stream().distinct().toList(),
                        issue + " in " + name, List.of(),
                        List.of(new Advisory.Affected(ecosystem, name,
                                new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM, events)), List.of()))),
                        Optional.empty(), "alpine");
                sink.accept(advisory, at);
            }
        }
    }
}
