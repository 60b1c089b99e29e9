package dev.cairn.cli;

import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn scan ...} runs on a command line with only {@code scan} under it
 * ({@link ScanCommand#alone}); a user must not be able to tell: same exit code, output and messages
 * as the whole command tree, for scans that pass, fail the gate, and fail to parse.
 */
class ScanAloneTest {
    @TempDir
    static Path dir;

    static String db;

    @BeforeAll
    static void importAdvisories() {
        db = dir.resolve("vuln.db").toString();
        Path vulndata = Fixtures.imagesDir().getParent().getParent().resolve("vulndata");
        Cli imported = Cli.run("db", "import", "--db", db, vulndata.resolve("osv-ghsa").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    static List<List<String>> invocations() {
        String app1 = "oci:" + Fixtures.ociLayout() + ":app-1";
        return List.of(
                List.of("scan", "--db", db, "-o", "json", app1),
                List.of("scan", "--db", db, "--fail-on", "critical", app1),
                List.of("scan", "--db", db, "--fail-on", "bad", app1),
                List.of("scan", "--db", dir.resolve("missing.db").toString(), app1),
                List.of("scan"),
                List.of("scan", "--bogus", "x"),
                List.of("scan", "--fail-on"),
                List.of("scan", "--help"),
                List.of("scan", "--version"),
                List.of("scan", "a", "b"));
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void sameAsTheWholeTree(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        assertThat(run(argv, true)).isEqualTo(run(argv, false));
    }

    private static Cli run(String[] args, boolean alone) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = (alone ? Main.commandLine(o, e, args) : Main.commandLine(o, e)).execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
