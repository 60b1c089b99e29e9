package dev.cairn.vuln.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.GateResult;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CycloneDX 1.6 JSON with a {@code vulnerabilities} section (a VDR, and for suppressed findings a
 * VEX {@code analysis}): the affected packages as components (bom-ref = PURL) and per vulnerability
 * {@code id, source, references (aliases), ratings[{severity, method, vector, score}], description,
 * recommendation, affects[{ref}]}. VEX suppressions carry {@code analysis.state} and, where it maps,
 * the justification; ignore rules and ignore-unfixed carry a {@code response} and {@code detail}.
 * The serial number is derived from the scan, so the same scan renders the same document.
 */
public final class CycloneDxVulnReport implements ReportWriter {
    @Override
    public String id() {
        return "cyclonedx";
    }

    @Override
    public void write(ScanReport report, OutputStream out) throws IOException {
        JsonReport.writeLine(toJson(report), out);
    }

    public static ObjectNode toJson(ScanReport r) {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        root.put("bomFormat", "CycloneDX");
        root.put("specVersion", "1.6");
        String seed = r.subject().name() + "|" + r.subject().digest().map(Object::toString).orElse("") + "|" + r.startedOn();
        root.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
        root.put("version", 1);
        ObjectNode meta = root.putObject("metadata");
        meta.put("timestamp", JsonReport.rfc3339(r.finishedOn()));
        ObjectNode tool = meta.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "cairn");
        tool.put("version", r.scannerVersion());
        ObjectNode subject = meta.putObject("component");
        subject.put("type", r.subject().container() ? "container" : "file");
        subject.put("bom-ref", "subject");
        subject.put("name", r.subject().name());
        r.subject().digest().ifPresent(d -> subject.put("version", d.toString()));

        List<Finding> all = new ArrayList<>(r.kept());
        Map<Finding, GateResult.Suppressed> suppressedBy = new LinkedHashMap<>();
        for (GateResult.Suppressed s : r.gate().suppressed()) {
            all.add(s.finding());
            suppressedBy.put(s.finding(), s);
        }
        Map<String, Finding> components = new LinkedHashMap<>();
        for (Finding f : all) {
            components.putIfAbsent(ref(f), f);
        }
        ArrayNode comps = root.putArray("components");
        for (Map.Entry<String, Finding> e : components.entrySet()) {
            ObjectNode c = comps.addObject();
            c.put("type", "library");
            c.put("bom-ref", e.getKey());
            c.put("name", e.getValue().pkg().name());
            c.put("version", e.getValue().pkg().version());
            if (!e.getValue().pkg().purl().isEmpty()) {
                c.put("purl", e.getValue().pkg().purl());
            }
        }
        ArrayNode vulns = root.putArray("vulnerabilities");
        // One entry per (vulnerability, suppression state): affects lists every package with that id.
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        for (Finding f : all) {
            GateResult.Suppressed s = suppressedBy.get(f);
            String key = f.id() + "|" + (s == null ? "" : s.why().describe());
            ObjectNode v = byKey.get(key);
            if (v == null) {
                v = vulns.addObject();
                byKey.put(key, v);
                v.put("bom-ref", "vuln-" + (byKey.size()));
                v.put("id", f.id());
                ObjectNode source = v.putObject("source");
                source.put("name", sourceName(f.id()));
                sourceUrl(f.id()).ifPresent(u -> source.put("url", u));
                if (!f.aliases().isEmpty()) {
                    ArrayNode refs = v.putArray("references");
                    for (String a : f.aliases()) {
                        ObjectNode ref = refs.addObject();
                        ref.put("id", a);
                        ObjectNode src = ref.putObject("source");
                        src.put("name", sourceName(a));
                        sourceUrl(a).ifPresent(u -> src.put("url", u));
                    }
                }
                ObjectNode rating = v.putArray("ratings").addObject();
                rating.put("severity", severity(f.level()));
                rating.put("method", switch (f.severity().method()) {
                    case CVSS_V31 -> f.severity().vector().orElse("").startsWith("CVSS:3.0") ? "CVSSv3" : "CVSSv31";
                    case CVSS_V4 -> "CVSSv4";
                    case SOURCE, NONE -> "other";
                });
                f.severity().vector().ifPresent(x -> rating.put("vector", x));
                f.severity().score().ifPresent(x -> rating.put("score", x));
                if (!f.summary().isBlank()) {
                    v.put("description", f.summary());
                }
                if (!f.fixedVersions().isEmpty()) {
                    v.put("recommendation", "Upgrade " + f.pkg().name() + " to " + String.join(" or ", f.fixedVersions()));
                }
                v.putArray("affects");
                if (s != null) {
                    v.set("analysis", analysis(s.why()));
                }
            }
            ArrayNode affects = (ArrayNode) v.get("affects");
            String ref = ref(f);
            boolean present = false;
            for (var a : affects) {
                present |= a.path("ref").asText().equals(ref);
            }
            if (!present) {
                ObjectNode a = affects.addObject();
                a.put("ref", ref);
                a.putArray("versions").addObject().put("version", f.pkg().version()).put("status", "affected");
            }
        }
        return root;
    }

    private static String ref(Finding f) {
        return f.pkg().purl().isEmpty() ? f.pkg().name() + "@" + f.pkg().version() : f.pkg().purl();
    }

    private static ObjectNode analysis(Suppression why) {
        ObjectNode a = JsonReport.mapper().createObjectNode();
        switch (why) {
            case Suppression.VexStatement v -> {
                String state = switch (v.status()) {
                    case "fixed" -> "resolved";
                    case "not_affected", "false_positive", "resolved", "resolved_with_pedigree" -> v.status();
                    default -> "in_triage";
                };
                a.put("state", state);
                v.justification().flatMap(CycloneDxVulnReport::justification).ifPresent(j -> a.put("justification", j));
                a.put("detail", v.describe());
            }
            case Suppression.IgnoredByRule r -> {
                a.putArray("response").add("will_not_fix");
                a.put("detail", "ignored by rule (" + r.rule().criteria() + "): " + r.reason()
                        + r.expires().map(d -> "; expires " + d).orElse(""));
            }
            case Suppression.Unfixed u -> {
                a.putArray("response").add("can_not_fix");
                a.put("detail", u.describe());
            }
        }
        return a;
    }

    /** OpenVEX justifications in CycloneDX's vocabulary; CycloneDX values pass through. */
    static Optional<String> justification(String j) {
        return Optional.ofNullable(switch (j) {
            case "component_not_present", "vulnerable_code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary" -> "requires_environment";
            case "inline_mitigations_already_exist" -> "protected_by_mitigating_control";
            case "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
                    "requires_environment", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
                    "protected_by_mitigating_control" -> j;
            default -> null;
        });
    }

    private static String severity(Severity s) {
        return switch (s) {
            case CRITICAL -> "critical";
            case HIGH -> "high";
            case MEDIUM -> "medium";
            case LOW -> "low";
            case NEGLIGIBLE -> "info";
            case UNKNOWN -> "unknown";
        };
    }

    static String sourceName(String id) {
        if (id.startsWith("CVE-")) {
            return "NVD";
        }
        if (id.startsWith("GHSA-")) {
            return "GitHub";
        }
        if (id.startsWith("DSA-") || id.startsWith("DLA-") || id.startsWith("DEBIAN-")) {
            return "Debian";
        }
        return "OSV";
    }

    static Optional<String> sourceUrl(String id) {
        if (id.startsWith("CVE-")) {
            return Optional.of("https://nvd.nist.gov/vuln/detail/" + id);
        }
        if (id.startsWith("GHSA-")) {
            return Optional.of("https://github.com/advisories/" + id);
        }
        if (id.matches("[A-Za-z0-9._-]+")) {
            return Optional.of("https://osv.dev/vulnerability/" + id);
        }
        return Optional.empty();
    }
}
