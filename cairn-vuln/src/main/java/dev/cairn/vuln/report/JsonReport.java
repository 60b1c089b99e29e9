package dev.cairn.vuln.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.GateResult;
import dev.cairn.vuln.scan.MatchReason;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.SeverityRating;
import dev.cairn.vuln.scan.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Cairn's own JSON report. Field names are stable (add, never rename):
 * {@code schema, scanner{name,version}, subject{name,digest}, os{id,versionId}, db{schemaVersion,built,advisories,sources[]},
 * gate{passed,failOn,warnings[]}, summary{critical,high,medium,low,negligible,unknown,suppressed}, matches[], suppressed[]};
 * each match: {@code id, aliases[], package{name,version,ecosystem,purl,path,layer}, installedVersion,
 * fixedVersions[], fixState, severity{level,method,score,vector,source,note}, matchReason{type,sourcePackage,sourceVersion},
 * advisoryEcosystem, summary, undecidable}; each suppressed entry adds {@code suppression{kind,reason,status,justification,detail,expires}}.
 */
public final class JsonReport implements ReportWriter {
    public static final String SCHEMA = "https://cairn.dev/schemas/vuln-report/v1";
    // Writers append a newline after the document and the caller owns the stream: Jackson must not close it
    // (a file stream closed early made `scan --output-file` fail with ClosedChannelException).
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    @Override
    public String id() {
        return "json";
    }

    @Override
    public void write(ScanReport report, OutputStream out) throws IOException {
        writeLine(toJson(report), out);
    }

    /**
     * The tree, indented, and a newline; the stream is left open. ({@code MAPPER.writeValue(out, ...)}
     * closes it, and the newline after it then fails on a file: {@code scan -o json --output-file}.)
     */
    static void writeLine(com.fasterxml.jackson.databind.JsonNode tree, OutputStream out) throws IOException {
        out.write(MAPPER.writeValueAsBytes(tree));
        out.write('\n');
    }

    /** The report as a tree; the cosign predicate embeds it as {@code scanner.result}. */
    public static ObjectNode toJson(ScanReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode scanner = root.putObject("scanner");
        scanner.put("name", "cairn");
        scanner.put("version", r.scannerVersion());
        ObjectNode subject = root.putObject("subject");
        subject.put("name", r.subject().name());
        r.subject().digest().ifPresent(d -> subject.put("digest", d.toString()));
        r.os().ifPresent(os -> {
            ObjectNode o = root.putObject("os");
            o.put("id", os.id());
            o.put("versionId", os.versionId());
        });
        root.set("db", db(r.db()));
        ObjectNode gate = root.putObject("gate");
        gate.put("passed", r.gate().passed());
        r.gate().failOn().ifPresentOrElse(s -> gate.put("failOn", s.label()), () -> gate.putNull("failOn"));
        ArrayNode warnings = gate.putArray("warnings");
        r.gate().warnings().forEach(warnings::add);
        ObjectNode summary = root.putObject("summary");
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.NEGLIGIBLE, Severity.UNKNOWN)) {
            summary.put(s.label(), r.counts().get(s));
        }
        summary.put("suppressed", r.gate().suppressed().size());
        ArrayNode matches = root.putArray("matches");
        r.kept().forEach(f -> matches.add(finding(f)));
        ArrayNode suppressed = root.putArray("suppressed");
        r.gate().suppressed().stream()
                .sorted((a, b) -> ScanReport.ORDER.compare(a.finding(), b.finding()))
                .forEach(s -> suppressed.add(suppressed(s)));
        return root;
    }

    static ObjectNode db(DbStatus db) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schemaVersion", db.schemaVersion());
        n.put("built", rfc3339(db.built()));
        n.put("advisories", db.advisories());
        ArrayNode sources = n.putArray("sources");
        for (DbStatus.SourceStatus s : db.sources()) {
            ObjectNode o = sources.addObject();
            o.put("name", s.name());
            o.put("location", s.location());
            o.put("imported", rfc3339(s.imported()));
            o.put("kept", s.kept());
            o.put("skipped", s.skipped());
        }
        return n;
    }

    static ObjectNode finding(Finding f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", f.id());
        ArrayNode aliases = n.putArray("aliases");
        f.aliases().forEach(aliases::add);
        ObjectNode p = n.putObject("package");
        p.put("name", f.pkg().name());
        p.put("version", f.pkg().version());
        p.put("ecosystem", f.pkg().ecosystem().purlType());
        p.put("purl", f.pkg().purl());
        p.put("path", f.pkg().path());
        f.pkg().layer().ifPresentOrElse(l -> p.put("layer", l), () -> p.putNull("layer"));
        n.put("installedVersion", f.installedVersion());
        ArrayNode fixed = n.putArray("fixedVersions");
        f.fixedVersions().forEach(fixed::add);
        n.put("fixState", f.fixState().label());
        n.set("severity", severity(f.severity()));
        ObjectNode reason = n.putObject("matchReason");
        reason.put("type", f.matchReason().kind());
        if (f.matchReason() instanceof MatchReason.ViaSourcePackage v) {
            reason.put("sourcePackage", v.sourceName());
            reason.put("sourceVersion", v.sourceVersion());
        }
        n.put("advisoryEcosystem", f.advisoryEcosystem());
        n.put("summary", f.summary());
        f.undecidable().ifPresent(u -> n.put("undecidable", u));
        return n;
    }

    static ObjectNode severity(SeverityRating s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("level", s.severity().label());
        n.put("method", switch (s.method()) {
            case CVSS_V31 -> "CVSSv31";
            case CVSS_V4 -> "CVSSv4";
            case SOURCE -> "source";
            case NONE -> "none";
        });
        s.score().ifPresentOrElse(sc -> n.put("score", sc), () -> n.putNull("score"));
        s.vector().ifPresentOrElse(v -> n.put("vector", v), () -> n.putNull("vector"));
        s.source().ifPresent(v -> n.put("source", v));
        s.note().ifPresent(v -> n.put("note", v));
        return n;
    }

    static ObjectNode suppressed(GateResult.Suppressed s) {
        ObjectNode n = finding(s.finding());
        ObjectNode why = n.putObject("suppression");
        switch (s.why()) {
            case Suppression.Unfixed u -> {
                why.put("kind", "ignore-unfixed");
                why.put("reason", u.describe());
            }
            case Suppression.IgnoredByRule r -> {
                why.put("kind", "ignore-rule");
                why.put("reason", r.reason());
                why.put("rule", r.rule().criteria());
                r.expires().ifPresent(d -> why.put("expires", d.toString()));
            }
            case Suppression.VexStatement v -> {
                why.put("kind", "vex");
                why.put("format", v.format().name().toLowerCase());
                why.put("document", v.document());
                why.put("status", v.status());
                v.justification().ifPresent(j -> why.put("justification", j));
                v.detail().ifPresent(d -> why.put("detail", d));
                why.put("reason", v.describe());
            }
        }
        return n;
    }

    /** RFC 3339 in UTC to the second, e.g. {@code 2026-01-02T03:04:05Z}. */
    static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
