package dev.cairn.vuln.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.vuln.scan.Cvss3;
import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, tool {@code cairn}, one rule per vulnerability
 * (with help text and {@code security-severity}), one result per finding with level
 * {@code error} (critical, high), {@code warning} (medium) or {@code note} (low, negligible,
 * unknown), located at the file the package was read from. Suppressed findings are left out.
 */
public final class SarifReport implements ReportWriter {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    @Override
    public String id() {
        return "sarif";
    }

    @Override
    public void write(ScanReport report, OutputStream out) throws IOException {
        JsonReport.writeLine(toJson(report), out);
    }

    public static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, NEGLIGIBLE, UNKNOWN -> "note";
        };
    }

    public static ObjectNode toJson(ScanReport r) {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "cairn");
        driver.put("version", r.scannerVersion());
        driver.put("informationUri", CosignVulnPredicate.SCANNER_URI);
        ArrayNode rules = driver.putArray("rules");
        List<Finding> kept = r.kept();
        Map<String, List<Finding>> byId = new LinkedHashMap<>();
        kept.forEach(f -> byId.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f));
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Map.Entry<String, List<Finding>> e : byId.entrySet()) {
            ruleIndex.put(e.getKey(), ruleIndex.size());
            rules.add(rule(e.getKey(), e.getValue()));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : kept) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.id());
            res.put("ruleIndex", ruleIndex.get(f.id()));
            res.put("level", level(f.level()));
            res.putObject("message").put("text", message(f));
            ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation");
            loc.put("uri", uri(f.pkg().path().isEmpty() ? r.subject().name() : f.pkg().path()));
            ObjectNode props = res.putObject("properties");
            props.put("purl", f.pkg().purl());
            props.put("installedVersion", f.installedVersion());
            props.put("fixState", f.fixState().label());
            res.putObject("partialFingerprints").put("cairn/v1", f.id() + "|" + f.pkg().purl() + "|" + f.pkg().path());
        }
        return root;
    }

    private static ObjectNode rule(String id, List<Finding> findings) {
        Finding f = findings.get(0);
        ObjectNode rule = JsonReport.mapper().createObjectNode();
        rule.put("id", id);
        rule.put("name", "Vulnerability" + id.replaceAll("[^A-Za-z0-9]", ""));
        String title = f.summary().isBlank() ? id + " in " + f.pkg().name() : f.summary();
        rule.putObject("shortDescription").put("text", title);
        rule.putObject("fullDescription").put("text", id + (f.aliases().isEmpty() ? "" : " (" + String.join(", ", f.aliases()) + ")")
                + ": " + title);
        StringBuilder help = new StringBuilder();
        StringBuilder md = new StringBuilder();
        help.append("Vulnerability ").append(id).append('\n').append("Severity: ").append(f.level().label());
        md.append("**Vulnerability ").append(id).append("**\n\n| Severity | Package | Installed | Fixed in |\n|---|---|---|---|\n");
        f.severity().score().ifPresent(s -> help.append(" (CVSS ").append(Cvss3.format(s)).append(")"));
        help.append('\n');
        for (Finding x : findings) {
            String fixed = x.fixedVersions().isEmpty() ? "no fix published" : String.join(", ", x.fixedVersions());
            help.append("Package: ").append(x.pkg().name()).append(' ').append(x.pkg().version())
                    .append("; fixed in: ").append(fixed).append('\n');
            md.append("| ").append(x.level().label()).append(" | ").append(x.pkg().name()).append(" | ")
                    .append(x.pkg().version()).append(" | ").append(fixed).append(" |\n");
        }
        if (!f.summary().isBlank()) {
            help.append(f.summary()).append('\n');
            md.append('\n').append(f.summary()).append('\n');
        }
        ObjectNode h = rule.putObject("help");
        h.put("text", help.toString());
        h.put("markdown", md.toString());
        rule.putObject("defaultConfiguration").put("level", level(f.level()));
        ObjectNode props = rule.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        tags.add("vulnerability");
        tags.add("security");
        tags.add(f.level().label());
        // GitHub code scanning reads this to rank security alerts
        props.put("security-severity", f.severity().score().map(Cvss3::format).orElse(switch (f.level()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case NEGLIGIBLE, UNKNOWN -> "0.0";
        }));
        return rule;
    }

    private static String message(Finding f) {
        String fixed = f.fixedVersions().isEmpty() ? "no fix is published" : "fixed in " + String.join(", ", f.fixedVersions());
        return f.pkg().name() + " " + f.pkg().version() + " is affected by " + f.id()
                + f.cve().filter(c -> !c.equals(f.id())).map(c -> " (" + c + ")").orElse("") + ", severity "
                + f.level().label() + "; " + fixed + ".";
    }

    /** A relative URI reference for a path: characters a URI cannot hold are percent-encoded. */
    static String uri(String path) {
        try {
            return new URI(null, null, path, null).getRawPath();
        } catch (URISyntaxException e) {
            return "unknown";
        }
    }
}
