package dev.cairn.cli;

import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code cairn scan ...} is read without picocli ({@link ScanCommand#plain}); a user must not
 * be able to tell: same exit code, output, messages and output file as picocli's command line, and
 * anything that is not plain goes to picocli.
 */
class ScanPlainTest {
    @TempDir
    static Path dir;

    static String db;
    static String vex;
    static String rules;

    @BeforeAll
    static void importAdvisories() throws Exception {
        db = dir.resolve("vuln.db").toString();
        Path vulndata = Fixtures.imagesDir().getParent().getParent().resolve("vulndata");
        Cli imported = Cli.run("db", "import", "--db", db, vulndata.resolve("osv-ghsa").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        vex = Files.writeString(dir.resolve("vex.json"), """
                {"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"sec team",
                 "timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[]}
                """).toString();
        rules = Files.writeString(dir.resolve("rules.yaml"), "[]\n").toString();
    }

    static String app1() {
        return "oci:" + Fixtures.ociLayout() + ":app-1";
    }

    static List<List<String>> plain() {
        String app1 = app1();
        return List.of(
                List.of("scan", "--db", db, "-o", "json", app1),
                List.of("scan", app1, "--db=" + db, "--output=sarif"),
                List.of("scan", "--db", db, "--output", "cyclonedx", "--ignore-unfixed", app1),
                List.of("scan", "--db", db, "--fail-on", "critical", app1),
                List.of("scan", "--db", db, "--fail-on=low", app1),
                List.of("scan", "--db", db, "--fail-on", "bad", app1),
                List.of("scan", "--db", db, "-o", "nope", app1),
                List.of("scan", "--db", db, "--vex", vex, "--vex=" + vex, "--ignore-file", rules, app1),
                List.of("scan", "--db", db, "--vex", dir.resolve("missing-vex.json").toString(), app1),
                List.of("scan", "--db", db, "--platform", "linux/amd64", "--allow-insecure-registry",
                        "--docker-config", dir.resolve("no-config.json").toString(), app1),
                List.of("scan", "--db", db, "--output-file", dir.resolve("out.json").toString(), "-o", "json", app1),
                List.of("scan", "--db", dir.resolve("missing.db").toString(), app1),
                List.of("scan", "--db", db, dir.resolve("missing-sbom.json").toString()));
    }

    static List<List<String>> notPlain() {
        String app1 = app1();
        return List.of(
                List.of("scan"),
                List.of("scan", "--db", db),
                List.of("scan", "--bogus", "x"),
                List.of("scan", "--fail-on"),
                List.of("scan", "--help"),
                List.of("scan", "-h", app1),
                List.of("scan", "--version"),
                List.of("scan", "a", "b"),
                List.of("scan", "--db", db, "--db", db, app1),
                List.of("scan", "--db", db, "-o", "json", "--output", "json", app1),
                List.of("scan", "--db", db, "--ignore-unfixed", "--ignore-unfixed", app1),
                List.of("scan", "--db", db, "--ignore-unfixed=true", app1),
                List.of("scan", "--db", "--fail-on", "low", app1),
                List.of("scan", "--db=", app1),
                List.of("scan", "-ojson", "--db", db, app1),
                List.of("scan", "-o=json", "--db", db, app1),
                List.of("scan", "--db", db, "--", app1),
                List.of("scan", "--db", db, "@" + dir.resolve("args.txt")),
                List.of("scan", "--db", db, "-"),
                List.of("db", "status", "--db", db));
    }

    @ParameterizedTest
    @MethodSource("plain")
    void plainRunsWithoutPicocliAndTheSame(List<String> args) throws Exception {
        String[] argv = args.toArray(String[]::new);
        assertThat(ScanCommand.plain(argv)).isNotNull();
        Path out = dir.resolve("out.json");
        Files.deleteIfExists(out);
        Cli viaPicocli = run(argv, false);
        String fileViaPicocli = Files.exists(out) ? Files.readString(out) : null;
        Files.deleteIfExists(out);
        Cli plain = run(argv, true);
        String filePlain = Files.exists(out) ? Files.readString(out) : null;
        assertThat(plain).isEqualTo(viaPicocli);
        assertThat(timeless(filePlain)).isEqualTo(timeless(fileViaPicocli));
    }

    @ParameterizedTest
    @MethodSource("notPlain")
    void notPlainGoesToPicocli(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        assertThat(ScanCommand.plain(argv)).isNull();
        assertThat(run(argv, true)).isEqualTo(run(argv, false));
    }

    @Test
    void plainReadsEveryOption() {
        List<String> args = new ArrayList<>(List.of("scan", "--db", "a.db", "--fail-on", "high", "--ignore-unfixed",
                "--ignore-file", "i.yaml", "--vex", "v1.json", "--vex=v2.json", "-o", "sarif", "--output-file", "o.sarif",
                "--platform", "linux/arm64", "--allow-insecure-registry", "--docker-config", "c.json", "t.json"));
        ScanCommand scan = ScanCommand.plain(args.toArray(String[]::new));
        assertThat(scan).isNotNull();
        assertThat(scan.db).isEqualTo(Path.of("a.db"));
        assertThat(scan.failOn).isEqualTo("high");
        assertThat(scan.ignoreUnfixed).isTrue();
        assertThat(scan.ignoreFile).isEqualTo(Path.of("i.yaml"));
        assertThat(scan.vex).containsExactly(Path.of("v1.json"), Path.of("v2.json"));
        assertThat(scan.format).isEqualTo("sarif");
        assertThat(scan.outputFile).isEqualTo(Path.of("o.sarif"));
        assertThat(scan.registry.platform).isEqualTo("linux/arm64");
        assertThat(scan.registry.allowInsecure).isTrue();
        assertThat(scan.registry.dockerConfig).isEqualTo(Path.of("c.json"));
        assertThat(scan.target).isEqualTo("t.json");
        ScanCommand defaults = ScanCommand.plain(new String[] {"scan", "t.json"});
        assertThat(defaults.format).isEqualTo("table");
        assertThat(defaults.vex).isNull();
        assertThat(defaults.db).isNull();
    }

    /** Through {@link Main#run(PrintWriter, PrintWriter, String...)} (plain when it can be), or picocli's command line. */
    private static Cli run(String[] args, boolean viaMain) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = viaMain ? Main.run(o, e, args) : Main.commandLine(o, e, args).execute(args);
        return new Cli(code, timeless(out.toString()), err.toString());
    }

    /** Two runs a second apart differ in the report's time (and CycloneDX's serial number made from it). */
    static String timeless(String report) {
        return report == null ? null : report.replaceAll("\"(timestamp|serialNumber|time|generated)\" ?: ?\"[^\"]*\"", "\"$1\":\"-\"");
    }
}
