package dev.cairn.vuln.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.GateResult;
import dev.cairn.vuln.scan.MatchReason;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.SeverityRating;
import dev.cairn.vuln.scan.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /**
     * For the reports written as trees. Set up on first use, not with this class: a cold {@code -o json}
     * scan streams its report through {@link #FACTORY} alone, and setting up an ObjectMapper took a tenth
     * of it.
     */
    static ObjectMapper mapper() {
        return Trees.MAPPER;
    }

    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    }

    @Override
    public String id() {
        return "json";
    }

    /** Streams the report, indented, and a newline; the stream is left open. */
    @Override
    public void write(ScanReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter(); // as mapper()'s INDENT_OUTPUT writes the trees of the other reports
            write(report, g);
        }
        out.write('\n');
    }

    /**
     * The tree, indented, and a newline; the stream is left open. ({@code mapper().writeValue(out, ...)}
     * closes it, and the newline after it then fails on a file: {@code scan -o json --output-file}.)
     */
    static void writeLine(com.fasterxml.jackson.databind.JsonNode tree, OutputStream out) throws IOException {
        out.write(mapper().writeValueAsBytes(tree));
        out.write('\n');
    }

    /** The report as a tree; the cosign predicate embeds it as {@code scanner.result}. */
    public static ObjectNode toJson(ScanReport r) {
        try (TokenBuffer tokens = new TokenBuffer(mapper(), false)) {
            write(r, tokens);
            return mapper().readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a token buffer does not fail
        }
    }

    /**
     * Writes the report as tokens: one pass, no tree (a large scan's report has thousands of findings,
     * and building a tree of them first cost as much again as writing it).
     */
    private static void write(ScanReport r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeObjectFieldStart("scanner");
        g.writeStringField("name", "cairn");
        g.writeStringField("version", r.scannerVersion());
        g.writeEndObject();
        g.writeObjectFieldStart("subject");
        g.writeStringField("name", r.subject().name());
        if (r.subject().digest().isPresent()) {
            g.writeStringField("digest", r.subject().digest().get().toString());
        }
        g.writeEndObject();
        if (r.os().isPresent()) {
            g.writeObjectFieldStart("os");
            g.writeStringField("id", r.os().get().id());
            g.writeStringField("versionId", r.os().get().versionId());
            g.writeEndObject();
        }
        g.writeFieldName("db");
        db(r.db(), g);
        g.writeObjectFieldStart("gate");
        g.writeBooleanField("passed", r.gate().passed());
        nullable(g, "failOn", r.gate().failOn().map(Severity::label));
        strings(g, "warnings", r.gate().warnings());
        g.writeEndObject();
        g.writeObjectFieldStart("summary");
        Map<Severity, Integer> counts = r.counts();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.NEGLIGIBLE, Severity.UNKNOWN)) {
            g.writeNumberField(s.label(), counts.get(s));
        }
        g.writeNumberField("suppressed", r.gate().suppressed().size());
        g.writeEndObject();
        g.writeArrayFieldStart("matches");
        for (Finding f : r.kept()) {
            g.writeStartObject();
            finding(f, g);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("suppressed");
        for (GateResult.Suppressed s : r.gate().suppressed().stream()
                .sorted((a, b) -> ScanReport.ORDER.compare(a.finding(), b.finding())).toList()) {
            g.writeStartObject();
            finding(s.finding(), g);
            suppression(s, g);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void db(DbStatus db, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schemaVersion", db.schemaVersion());
        g.writeStringField("built", rfc3339(db.built()));
        g.writeNumberField("advisories", db.advisories());
        g.writeArrayFieldStart("sources");
        for (DbStatus.SourceStatus s : db.sources()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("location", s.location());
            g.writeStringField("imported", rfc3339(s.imported()));
            g.writeNumberField("kept", s.kept());
            g.writeNumberField("skipped", s.skipped());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A finding's fields, inside an object the caller opens and closes. */
    private static void finding(Finding f, JsonGenerator g) throws IOException {
        g.writeStringField("id", f.id());
        strings(g, "aliases", f.aliases());
        g.writeObjectFieldStart("package");
        g.writeStringField("name", f.pkg().name());
        g.writeStringField("version", f.pkg().version());
        g.writeStringField("ecosystem", f.pkg().ecosystem().purlType());
        g.writeStringField("purl", f.pkg().purl());
        g.writeStringField("path", f.pkg().path());
        nullable(g, "layer", f.pkg().layer());
        g.writeEndObject();
        g.writeStringField("installedVersion", f.installedVersion());
        strings(g, "fixedVersions", f.fixedVersions());
        g.writeStringField("fixState", f.fixState().label());
        g.writeFieldName("severity");
        severity(f.severity(), g);
        g.writeObjectFieldStart("matchReason");
        g.writeStringField("type", f.matchReason().kind());
        if (f.matchReason() instanceof MatchReason.ViaSourcePackage v) {
            g.writeStringField("sourcePackage", v.sourceName());
            g.writeStringField("sourceVersion", v.sourceVersion());
        }
        g.writeEndObject();
        g.writeStringField("advisoryEcosystem", f.advisoryEcosystem());
        g.writeStringField("summary", f.summary());
        if (f.undecidable().isPresent()) {
            g.writeStringField("undecidable", f.undecidable().get());
        }
    }

    private static void severity(SeverityRating s, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("level", s.severity().label());
        g.writeStringField("method", switch (s.method()) {
            case CVSS_V31 -> "CVSSv31";
            case CVSS_V4 -> "CVSSv4";
            case SOURCE -> "source";
            case NONE -> "none";
        });
        if (s.score().isPresent()) {
            g.writeNumberField("score", s.score().get());
        } else {
            g.writeNullField("score");
        }
        nullable(g, "vector", s.vector());
        if (s.source().isPresent()) {
            g.writeStringField("source", s.source().get());
        }
        if (s.note().isPresent()) {
            g.writeStringField("note", s.note().get());
        }
        g.writeEndObject();
    }

    private static void suppression(GateResult.Suppressed s, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("suppression");
        switch (s.why()) {
            case Suppression.Unfixed u -> {
                g.writeStringField("kind", "ignore-unfixed");
                g.writeStringField("reason", u.describe());
            }
            case Suppression.IgnoredByRule r -> {
                g.writeStringField("kind", "ignore-rule");
                g.writeStringField("reason", r.reason());
                g.writeStringField("rule", r.rule().criteria());
                if (r.expires().isPresent()) {
                    g.writeStringField("expires", r.expires().get().toString());
                }
            }
            case Suppression.VexStatement v -> {
                g.writeStringField("kind", "vex");
                g.writeStringField("format", v.format().name().toLowerCase());
                g.writeStringField("document", v.document());
                g.writeStringField("status", v.status());
                if (v.justification().isPresent()) {
                    g.writeStringField("justification", v.justification().get());
                }
                if (v.detail().isPresent()) {
                    g.writeStringField("detail", v.detail().get());
                }
                g.writeStringField("reason", v.describe());
            }
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** The value, or an explicit {@code null}: the field is always there. */
    private static void nullable(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        } else {
            g.writeNullField(field);
        }
    }

    /** RFC 3339 in UTC to the second, e.g. {@code 2026-01-02T03:04:05Z}. */
    static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
