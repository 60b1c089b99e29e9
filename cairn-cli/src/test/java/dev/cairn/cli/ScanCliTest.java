package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn db} and {@code cairn scan} on the fixture images with the real GHSA records. */
class ScanCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG4SHELL = "GHSA-jfh8-c2jp-5v3q";
    private static final String TEXT4SHELL = "GHSA-599f-7c49-w659";

    @TempDir
    static Path dir;

    static String db;

    @BeforeAll
    static void importAdvisories() {
        Path vulndata = Fixtures.imagesDir().getParent().getParent().resolve("vulndata");
        db = dir.resolve("vuln.db").toString();
        Cli imported = Cli.run("db", "import", "--db", db, vulndata.resolve("osv-ghsa").toString(),
                vulndata.resolve("osv-ghsa-negative").toString(), vulndata.resolve("osv-ghsa-extra").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private static String image(String tag) {
        return "oci:" + Fixtures.ociLayout() + ":" + tag;
    }

    private static List<String> ids(JsonNode report, String list) {
        List<String> ids = new ArrayList<>();
        report.path(list).forEach(m -> ids.add(m.has("finding") ? m.path("finding").path("id").asText() : m.path("id").asText()));
        return ids;
    }

    @Test
    void statusNamesTheSources() {
        Cli status = Cli.run("db", "status", "--db", db);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("osv-ghsa ").contains("kept 40").contains("osv-ghsa-negative");
    }

    @Test
    void app1FailsTheCriticalGateWithLog4ShellAndText4ShellAndNoNegativeControls() throws Exception {
        Cli scan = Cli.run("scan", "--db", db, "--fail-on", "critical", "-o", "json", image("app-1"));
        assertThat(scan.exitCode()).as(scan.err()).isEqualTo(Main.CHECK_FAILED);
        assertThat(scan.err()).contains("cairn: gate failed:");
        JsonNode report = JSON.readTree(scan.out());
        assertThat(ids(report, "matches")).contains(LOG4SHELL, TEXT4SHELL);
        assertThat(report.path("matches").toString()).contains("2.15.0").contains("1.10.0");
        try (var negatives = Files.list(Fixtures.imagesDir().getParent().getParent().resolve("vulndata/osv-ghsa-negative"))) {
            List<String> negativeIds = negatives.map(p -> p.getFileName().toString().replace(".json", "")).toList();
            assertThat(ids(report, "matches")).doesNotContainAnyElementsOf(negativeIds);
        }
    }

    @Test
    void app2NoLongerHasText4Shell() throws Exception {
        Cli scan = Cli.run("scan", "--db", db, "-o", "json", image("app-2"));
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(ids(JSON.readTree(scan.out()), "matches")).contains(LOG4SHELL).doesNotContain(TEXT4SHELL);
    }

    @Test
    void reportOnTheProcessStdoutIsWrittenAsBytesTheSameAsTheCapturedText() {
        Cli text = Cli.run("scan", "--db", db, "-o", "json", image("app-2"));
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.StringWriter err = new java.io.StringWriter();
        String[] args = {"scan", "--db", db, "-o", "json", image("app-2")};
        int code = Main.commandLine(new Stdout(stdout, stdout), new java.io.PrintWriter(err, true), args).execute(args);
        assertThat(code).isEqualTo(text.exitCode());
        assertThat(stdout.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text.out());
    }

    @Test
    void vexSuppressesWithItsJustification() throws Exception {
        Path vex = Files.writeString(dir.resolve("vex.json"), """
                {"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"sec team",
                 "timestamp":"2026-11-01T00:00:00Z","version":1,
                 "statements":[{"vulnerability":{"name":"CVE-2021-44228"},
                   "products":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
                   "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
                """);
        Cli scan = Cli.run("scan", "--db", db, "--vex", vex.toString(), "-o", "json", image("app-2"));
        JsonNode report = JSON.readTree(scan.out());
        assertThat(ids(report, "matches")).doesNotContain(LOG4SHELL);
        assertThat(report.path("suppressed").toString()).contains(LOG4SHELL).contains("vulnerable_code_not_in_execute_path");
    }

    @Test
    void ignoreRuleWithoutReasonIsAToolError() throws Exception {
        Path rules = Files.writeString(dir.resolve("ignore.yaml"), "ignore:\n  - id: CVE-2021-44228\n");
        Cli scan = Cli.run("scan", "--db", db, "--ignore-file", rules.toString(), image("app-2"));
        assertThat(scan.exitCode()).isEqualTo(3);
        assertThat(scan.err().lines()).singleElement().asString().contains("reason");
    }

    @Test
    void missingDatabaseIsNotFound() {
        Cli scan = Cli.run("scan", "--db", dir.resolve("nope.db").toString(), image("base"));
        assertThat(scan.exitCode()).isEqualTo(6);
        assertThat(scan.err()).contains("no vulnerability database at");
    }

    @Test
    void sarifAndCosignPredicateAndAttestation() throws Exception {
        Cli sarif = Cli.run("scan", "--db", db, "-o", "sarif", image("app-2"));
        JsonNode log = JSON.readTree(sarif.out());
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        assertThat(log.at("/runs/0/tool/driver/name").asText()).isEqualTo("cairn");

        Path predicate = dir.resolve("vuln.json");
        assertThat(Cli.run("scan", "--db", db, "-o", "cosign-vuln", "--output-file", predicate.toString(), image("app-2")).exitCode()).isZero();
        JsonNode p = JSON.readTree(predicate.toFile());
        assertThat(p.at("/scanner/uri").asText()).isNotEmpty();
        assertThat(p.at("/metadata/scanStartedOn").asText()).isNotEmpty();
        assertThat(p.at("/metadata/scanFinishedOn").asText()).isNotEmpty();

        Path layout = dir.resolve("layout");
        assertThat(Cli.run("copy", image("app-2"), "oci:" + layout + ":app").exitCode()).isZero();
        String prefix = dir.resolve("k").toString();
        assertThat(Cli.run("generate-key-pair", "--output-key-prefix", prefix).exitCode()).isZero();
        Cli attest = Cli.run("attest", "--key", prefix + ".key", "--type", "vuln", "--predicate", predicate.toString(), "oci:" + layout + ":app");
        assertThat(attest.exitCode()).as(attest.err()).isZero();
        Cli verify = Cli.run("verify-attestation", "--key", prefix + ".pub", "--type", "vuln", "oci:" + layout + ":app");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }
}
