package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.db.SqliteAdvisoryDb;
import dev.cairn.vuln.report.ReportFormats;
import dev.cairn.vuln.report.ScanReport;
import dev.cairn.vuln.scan.Gate;
import dev.cairn.vuln.scan.IgnoreRules;
import dev.cairn.vuln.scan.Scanner;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.Vex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

@Command(name = "scan", description = "Scan an SBOM file or an image against the offline vulnerability database, with a gate. "
        + "Exit 1 when the gate fails; 3 and above when the tool fails.")
final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", description = "Database file (default $CAIRN_DB or ~/.cache/cairn/vuln.db).")
    Path db;

    @Option(names = "--fail-on", description = "Fail (exit 1) on a finding at or above: low, medium, high, critical.")
    String failOn;

    @Option(names = "--ignore-unfixed", description = "Leave out vulnerabilities that have no fix yet.")
    boolean ignoreUnfixed;

    @Option(names = "--ignore-file", description = "YAML or JSON rules (id, package, version, fixState, reason required, expires).")
    Path ignoreFile;

    @Option(names = "--vex", description = "OpenVEX or CycloneDX VEX document (repeatable).")
    List<Path> vex;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json, sarif, cyclonedx or cosign-vuln.")
    String format;

    @Option(names = "--output-file")
    Path outputFile;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "TARGET", description = "An SBOM file (CycloneDX or SPDX JSON, any tool's) or an image / dir:PATH.")
    String target;

    /**
     * {@code cairn} with only {@code scan} under it, for a scan. Building the whole command tree reflects
     * over every command's annotations first (and picocli's classes are too old for class-data sharing),
     * a tenth of a second of a cold scan spent on commands it does not run. Parsing, usage and error
     * messages for {@code cairn scan ...} are the same as in the whole tree.
     */
    static CommandLine alone() {
        CommandLine cli = new CommandLine(CommandSpec.wrapWithoutInspection(new Main()).name("cairn").mixinStandardHelpOptions(true));
        cli.addSubcommand("scan", new ScanCommand());
        return cli;
    }

    /** Where messages and the report go when picocli did not run this command ({@link #plain}). */
    private PrintWriter plainOut;
    private PrintWriter plainErr;

    /**
     * The command for {@code args} ({@code scan ...}) read without picocli, or {@code null} when they
     * are anything but plain: then picocli reads them, with its checks, help and messages. Plain means
     * each of scan's options at most once (but {@code --vex}), as {@code --name value} or
     * {@code --name=value} ({@code -o value}), with a value that is neither empty nor starts with
     * {@code -} or {@code @}, and exactly one TARGET that does not start with {@code -} or {@code @}.
     * picocli's classes are too old for class-data sharing: loading and checking them, and reflecting
     * over the command, took a quarter of a cold scan. Tests: {@code ScanPlainTest}.
     */
    static ScanCommand plain(String[] args) {
        if (args.length < 2 || !args[0].equals("scan")) {
            return null;
        }
        ScanCommand scan = new ScanCommand();
        scan.registry = new RegistryOptions();
        scan.format = "table";
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.indexOf('\0') >= 0) {
                return null;
            }
            if (!arg.startsWith("-")) {
                if (scan.target != null || arg.startsWith("@")) {
                    return null;
                }
                scan.target = arg;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--output")) {
                name = "-o";
            }
            if (!seen.add(name) && !name.equals("--vex")) {
                return null;
            }
            switch (name) {
                case "--ignore-unfixed", "--allow-insecure-registry" -> {
                    if (value != null) {
                        return null;
                    }
                    if (name.equals("--ignore-unfixed")) {
                        scan.ignoreUnfixed = true;
                    } else {
                        scan.registry.allowInsecure = true;
                    }
                    continue;
                }
                case "--db", "--fail-on", "--ignore-file", "--vex", "-o", "--output-file", "--platform", "--docker-config" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            return null;
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || value.indexOf('\0') >= 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            switch (name) {
                case "--db" -> scan.db = Path.of(value);
                case "--fail-on" -> scan.failOn = value;
                case "--ignore-file" -> scan.ignoreFile = Path.of(value);
                case "--vex" -> {
                    if (scan.vex == null) {
                        scan.vex = new ArrayList<>();
                    }
                    scan.vex.add(Path.of(value));
                }
                case "-o" -> scan.format = value;
                case "--output-file" -> scan.outputFile = Path.of(value);
                case "--platform" -> scan.registry.platform = value;
                default -> scan.registry.dockerConfig = Path.of(value);
            }
        }
        return scan.target == null ? null : scan;
    }

    /** Runs a {@link #plain} command as picocli would: its exit code, failures reported as {@link Main} reports them. */
    int run(PrintWriter out, PrintWriter err) {
        plainOut = out;
        plainErr = err;
        try {
            return call();
        } catch (Exception e) {
            return Main.failed(e, err);
        }
    }

    private PrintWriter err() {
        return plainErr != null ? plainErr : spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws IOException {
        var writer = ReportFormats.byId(format);
        Gate gate = new Gate(Optional.ofNullable(failOn).map(f -> Severity.parse(f).orElseThrow(
                () -> CairnException.invalid("unknown --fail-on '" + f + "': use low, medium, high or critical"))),
                ignoreUnfixed, ignoreRules(), vexDocuments());
        Path dbFile = DbCommand.path(db);
        // Opening the database (the first open loads SQLite's native library) and reading its status overlap
        // reading the SBOM, on a thread of their own: the common pool's one worker (on two cores) is the
        // SBOM reader's second pair of hands.
        CompletableFuture<SqliteAdvisoryDb> opening = CompletableFuture.supplyAsync(() -> {
            SqliteAdvisoryDb opened = SqliteAdvisoryDb.open(dbFile);
            try {
                opened.status();
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        }, task -> Thread.ofPlatform().daemon().name("cairn-db-open").start(task));
        Sbom sbom;
        try {
            sbom = Sboms.readOrGenerate(target, registry.options(), err());
        } catch (RuntimeException e) {
            opening.thenAccept(SqliteAdvisoryDb::close);
            throw e;
        }
        ScanReport report;
        try (SqliteAdvisoryDb advisories = opened(opening)) {
            advisories.staleness(java.time.Duration.ofDays(7), Clock.systemUTC())
                    .ifPresent(w -> err().println("cairn: warning: " + w));
            report = new Scanner(advisories, dbFile.toString(), new Main.Version().getVersion()[0], Clock.systemUTC()).scan(sbom, gate);
        }
        SbomCommand.emit(outputFile, plainOut != null ? plainOut : spec.commandLine().getOut(), out -> writer.write(report, out));
        if (!report.gate().passed()) {
            err().println("cairn: gate failed: " + report.gate().failing().size()
                    + " finding(s) at or above " + failOn + " in " + sbom.subject().name());
            return Main.CHECK_FAILED;
        }
        return 0;
    }

    private static SqliteAdvisoryDb opened(CompletableFuture<SqliteAdvisoryDb> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // CairnException: no database, another schema ...
            }
            throw e;
        }
    }

    private IgnoreRules ignoreRules() throws IOException {
        if (ignoreFile == null) {
            return IgnoreRules.none();
        }
        try (InputStream in = Files.newInputStream(ignoreFile)) {
            return IgnoreRules.parse(in, ignoreFile.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw CairnException.notFound("ignore file " + ignoreFile + " does not exist");
        }
    }

    private Vex vexDocuments() throws IOException {
        List<Vex.Statement> statements = new ArrayList<>();
        for (Path file : vex == null ? List.<Path>of() : vex) {
            try (InputStream in = Files.newInputStream(file)) {
                statements.addAll(Vex.parse(in, file.toString()).statements());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CairnException(ErrorCode.NOT_FOUND, "VEX document " + file + " does not exist");
            }
        }
        return new Vex(statements);
    }
}
