package dev.cairn.cli;

import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.db.DbImporter;
import dev.cairn.vuln.db.ImportReport;
import dev.cairn.vuln.db.SqliteAdvisoryDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "db", description = "The offline vulnerability database.",
        subcommands = {DbCommand.Import.class, DbCommand.Status.class})
final class DbCommand {

    /** {@code --db}, defaulting to $CAIRN_DB or ~/.cache/cairn/vuln.db. */
    static Path path(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("CAIRN_DB");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "cairn", "vuln.db");
    }

    @Command(name = "import", description = "Import advisories (OSV dirs/zips/JSON/YAML, Debian DSA/DLA lists or tracker JSON, "
            + "Alpine secdb) into the database, atomically and incrementally.")
    static final class Import implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--db", description = "Database file (default $CAIRN_DB or ~/.cache/cairn/vuln.db).")
        Path db;

        @Parameters(paramLabel = "SOURCE", arity = "1..*")
        List<Path> sources;

        @Override
        public Integer call() throws java.io.IOException {
            Path file = path(db);
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            ImportReport report = DbImporter.importInto(file, sources, Clock.systemUTC());
            spec.commandLine().getErr().print(report.summary());
            spec.commandLine().getErr().println("Database: " + file);
            return 0;
        }
    }

    @Command(name = "status", description = "Show what the database was built from, and warn when it is old.")
    static final class Status implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--db")
        Path db;

        @Option(names = "--max-age", defaultValue = "P7D", description = "Warn when the newest import is older (ISO-8601 duration, default P7D).")
        Duration maxAge;

        @Override
        public Integer call() {
            try (SqliteAdvisoryDb open = SqliteAdvisoryDb.open(path(db))) {
                DbStatus status = open.status();
                var out = spec.commandLine().getOut();
                out.println("database: " + open.file() + " (schema " + status.schemaVersion() + ", built " + status.built() + ")");
                out.println("advisories: " + status.advisories());
                status.sources().forEach(s -> out.println("  " + s.name() + "  " + s.location() + "  imported " + s.imported()
                        + "  kept " + s.kept() + ", skipped " + s.skipped()));
                open.staleness(maxAge, Clock.systemUTC()).ifPresent(w -> spec.commandLine().getErr().println("cairn: warning: " + w));
            }
            return 0;
        }
    }
}
