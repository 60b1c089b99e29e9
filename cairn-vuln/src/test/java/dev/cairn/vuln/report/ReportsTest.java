package dev.cairn.vuln.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.scan.Gate;
import dev.cairn.vuln.scan.IgnoreRules;
import dev.cairn.vuln.scan.Matcher;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.TestData;
import dev.cairn.vuln.scan.Vex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static ScanReport report;

    @BeforeAll
    static void scan() throws IOException {
        Sbom sbom = TestData.app1();
        var findings = new Matcher(TestData.ghsaDb()).match(sbom);
        Vex vex = Vex.parse(new ByteArrayInputStream("""
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "vex-1", "statements": [
                  {"vulnerability": {"name": "CVE-2022-42889"}, "products": [{"@id": "pkg:maven/org.apache.commons/commons-text"}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
                """.getBytes(StandardCharsets.UTF_8)), "vex.json");
        IgnoreRules rules = IgnoreRules.parse("ignore:\n  - package: lodash\n    reason: build-time only\n", "ignore.yaml");
        var gate = new Gate(Optional.of(Severity.HIGH), false, rules, vex).evaluate(findings, LocalDate.of(2026, 1, 15));
        DbStatus db = new DbStatus(1, Instant.parse("2026-01-10T00:00:00Z"),
                List.of(new DbStatus.SourceStatus("osv-ghsa", "shared/vulndata/osv-ghsa", Instant.parse("2026-01-10T00:00:00Z"), 45, 0)), 45);
        report = new ScanReport("0.1.0", sbom.subject(), sbom.os(), db, "file:///var/cache/cairn/vuln.db", gate,
                Instant.parse("2026-01-15T10:00:00.123Z"), Instant.parse("2026-01-15T10:00:02Z"));
    }

    static byte[] render(String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormats.byId(format).write(report, out);
        return out.toByteArray();
    }

    @Test
    void writersLeaveTheStreamOpen() throws IOException {
        for (String format : List.of("table", "json", "sarif", "cyclonedx", "cosign-vuln")) {
            var closed = new boolean[1];
            var out = new java.io.FilterOutputStream(new ByteArrayOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    if (closed[0]) {
                        throw new IOException(format + ": write after close");
                    }
                    super.write(b);
                }

                @Override
                public void close() throws IOException {
                    closed[0] = true;
                }
            };
            ReportFormats.byId(format).write(report, out);
            assertThat(closed[0]).as(format).isFalse();
        }
    }

    @Test
    void table() throws IOException {
        String table = new String(render("table"), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("cairn.print")) {
            System.out.print(table);
        }
        String[] lines = table.split("\n");
        // the most severe package comes first
        assertThat(lines[0]).contains("(maven, app/lib/");
        assertThat(table).contains("CRITICAL   GHSA-jfh8-c2jp-5v3q (CVE-2021-44228)").contains("fixed in 2.15.0");
        assertThat(table).contains("Suppressed:").contains("VEX not_affected: vulnerable_code_not_in_execute_path")
                .contains("ignored: build-time only");
        String summary = lines[lines.length - 1];
        assertThat(summary).matches("\\d+ vulnerabilities in \\d+ packages: \\d+ critical, \\d+ high, \\d+ medium, \\d+ low, 0 unknown; "
                + "\\d+ suppressed; gate FAILED \\(fail-on high: \\d+ findings\\)");
        assertThat(summary).contains(report.gate().suppressed().size() + " suppressed");
    }

    @Test
    void everyFormatLeavesTheStreamOpenForTheCallerToClose() throws IOException {
        for (String format : List.of("table", "json", "sarif", "cyclonedx", "cosign-vuln")) {
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream() {
                @Override
                public void write(byte[] b, int off, int len) {
                    assertThat(closed).as(format + " wrote after closing").isFalse();
                    super.write(b, off, len);
                }

                @Override
                public void write(int b) {
                    assertThat(closed).as(format + " wrote after closing").isFalse();
                    super.write(b);
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            };
            ReportFormats.byId(format).write(report, out);
            assertThat(closed).as(format).isFalse();
            assertThat(out.size()).as(format).isPositive();
        }
    }

    @Test
    void json() throws IOException {
        JsonNode root = JSON.readTree(render("json"));
        assertThat(root.path("schema").asText()).isEqualTo(JsonReport.SCHEMA);
        assertThat(root.path("scanner").path("name").asText()).isEqualTo("cairn");
        assertThat(root.path("os").path("id").asText()).isEqualTo("debian");
        assertThat(root.path("gate").path("passed").asBoolean()).isFalse();
        assertThat(root.path("gate").path("failOn").asText()).isEqualTo("high");
        assertThat(root.path("summary").path("suppressed").asInt()).isEqualTo(report.gate().suppressed().size());
        JsonNode first = root.path("matches").get(0);
        assertThat(first.path("severity").path("level").asText()).isEqualTo("critical");
        JsonNode log4shell = find(root.path("matches"), "GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.path("aliases").get(0).asText()).isEqualTo("CVE-2021-44228");
        assertThat(log4shell.path("package").path("purl").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4shell.path("package").path("path").asText()).isEqualTo("app/lib/log4j-core-2.14.1.jar");
        assertThat(log4shell.path("fixedVersions").get(0).asText()).isEqualTo("2.15.0");
        assertThat(log4shell.path("fixState").asText()).isEqualTo("fixed");
        assertThat(log4shell.path("severity").path("method").asText()).isEqualTo("CVSSv31");
        assertThat(log4shell.path("severity").path("score").asDouble()).isEqualTo(10.0);
        assertThat(log4shell.path("matchReason").path("type").asText()).isEqualTo("DIRECT");
        JsonNode text4shell = find(root.path("suppressed"), "GHSA-599f-7c49-w659");
        assertThat(text4shell.path("suppression").path("kind").asText()).isEqualTo("vex");
        assertThat(text4shell.path("suppression").path("justification").asText()).isEqualTo("vulnerable_code_not_in_execute_path");
        assertThat(find(root.path("suppressed"), "GHSA-29mw-wpgm-hmr9").path("suppression").path("reason").asText())
                .isEqualTo("build-time only");
    }

    static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + array);
    }

    @Test
    void sarifHasTheRequiredStructureAndLevels() throws IOException {
        JsonNode root = JSON.readTree(render("sarif"));
        assertThat(root.path("version").asText()).isEqualTo("2.1.0");
        assertThat(root.path("$schema").asText()).contains("sarif-2.1.0");
        assertThat(root.path("runs")).hasSize(1);
        JsonNode run = root.path("runs").get(0);
        JsonNode driver = run.path("tool").path("driver");
        assertThat(driver.path("name").asText()).isEqualTo("cairn");
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode rule : driver.path("rules")) {
            assertThat(rule.path("id").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).contains("Vulnerability " + rule.path("id").asText());
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            ruleIds.add(rule.path("id").asText());
        }
        assertThat(ruleIds).doesNotHaveDuplicates();
        assertThat(run.path("results")).hasSize(report.gate().kept().size());
        Set<String> levels = new HashSet<>();
        for (JsonNode res : run.path("results")) {
            // required by SARIF 2.1.0: message with text; ruleIndex points at the rule with ruleId
            assertThat(res.path("message").path("text").asText()).isNotBlank();
            assertThat(ruleIds.get(res.path("ruleIndex").asInt())).isEqualTo(res.path("ruleId").asText());
            assertThat(res.path("level").asText()).isIn("error", "warning", "note");
            levels.add(res.path("level").asText());
            String uri = res.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText();
            assertThat(uri).isNotBlank().doesNotStartWith("/");
        }
        JsonNode log4shell = run.path("results").get(0);
        assertThat(log4shell.path("level").asText()).isEqualTo("error");
        assertThat(log4shell.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .startsWith("app/lib/");
        assertThat(levels).contains("error", "warning");
        assertThat(SarifReport.level(Severity.CRITICAL)).isEqualTo("error");
        assertThat(SarifReport.level(Severity.HIGH)).isEqualTo("error");
        assertThat(SarifReport.level(Severity.MEDIUM)).isEqualTo("warning");
        assertThat(SarifReport.level(Severity.LOW)).isEqualTo("note");
        assertThat(SarifReport.level(Severity.UNKNOWN)).isEqualTo("note");
        assertThat(SarifReport.uri("app/my lib/x.jar")).isEqualTo("app/my%20lib/x.jar");
    }

    @Test
    void cycloneDxIsValid16WithRatingsAffectsAndAnalysis() throws Exception {
        byte[] doc = render("cyclonedx");
        assertThat(new JsonParser().validate(doc, Version.VERSION_16)).isEmpty();
        JsonNode root = JSON.readTree(doc);
        assertThat(root.path("specVersion").asText()).isEqualTo("1.6");
        JsonNode log4shell = find(root.path("vulnerabilities"), "GHSA-jfh8-c2jp-5v3q");
        JsonNode rating = log4shell.path("ratings").get(0);
        assertThat(rating.path("severity").asText()).isEqualTo("critical");
        assertThat(rating.path("method").asText()).isEqualTo("CVSSv31");
        assertThat(rating.path("vector").asText()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
        assertThat(rating.path("score").asDouble()).isEqualTo(10.0);
        assertThat(log4shell.path("source").path("name").asText()).isEqualTo("GitHub");
        assertThat(log4shell.path("references").get(0).path("id").asText()).isEqualTo("CVE-2021-44228");
        assertThat(log4shell.path("affects").get(0).path("ref").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4shell.has("analysis")).isFalse();
        JsonNode text4shell = find(root.path("vulnerabilities"), "GHSA-599f-7c49-w659");
        assertThat(text4shell.path("analysis").path("state").asText()).isEqualTo("not_affected");
        assertThat(text4shell.path("analysis").path("justification").asText()).isEqualTo("code_not_reachable");
        JsonNode lodash = find(root.path("vulnerabilities"), "GHSA-29mw-wpgm-hmr9");
        assertThat(lodash.path("analysis").path("response").get(0).asText()).isEqualTo("will_not_fix");
        // every affects ref resolves to a component
        Set<String> refs = new HashSet<>();
        root.path("components").forEach(c -> refs.add(c.path("bom-ref").asText()));
        root.path("vulnerabilities").forEach(v -> v.path("affects").forEach(a -> assertThat(refs).contains(a.path("ref").asText())));
    }

    @Test
    void cosignPredicateFollowsCosignFieldNames() throws IOException {
        JsonNode root = JSON.readTree(render("cosign-vuln"));
        assertThat(root.fieldNames()).toIterable().containsExactly("invocation", "scanner", "metadata");
        JsonNode inv = root.path("invocation");
        assertThat(inv.fieldNames()).toIterable().containsExactly("parameters", "uri", "event_id", "builder.id");
        assertThat(inv.get("parameters").isNull()).isTrue();
        JsonNode scanner = root.path("scanner");
        assertThat(scanner.fieldNames()).toIterable().containsExactly("uri", "version", "db", "result");
        assertThat(scanner.path("uri").asText()).isEqualTo("https://cairn.dev");
        assertThat(scanner.path("version").asText()).isEqualTo("0.1.0");
        assertThat(scanner.path("db").fieldNames()).toIterable().containsExactly("uri", "version");
        assertThat(scanner.path("db").path("uri").asText()).isEqualTo("file:///var/cache/cairn/vuln.db");
        assertThat(scanner.path("db").path("version").asText()).isEqualTo("v1+2026-01-10T00:00:00Z");
        assertThat(scanner.path("result").path("schema").asText()).isEqualTo(JsonReport.SCHEMA);
        assertThat(scanner.path("result").path("matches").size()).isEqualTo(report.gate().kept().size());
        assertThat(root.path("metadata").path("scanStartedOn").asText()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(root.path("metadata").path("scanFinishedOn").asText()).isEqualTo("2026-01-15T10:00:02Z");
        assertThat(CosignVulnPredicate.PREDICATE_TYPE).isEqualTo("https://cosign.sigstore.dev/attestation/vuln/v1");
    }

    @Test
    void everyFormatHasAnId() {
        assertThat(ReportFormats.all()).extracting(ReportWriter::id)
                .containsExactly("table", "json", "sarif", "cyclonedx", "cosign-vuln");
    }
}
