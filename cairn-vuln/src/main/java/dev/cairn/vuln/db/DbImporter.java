package dev.cairn.vuln.db;

import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.source.AdvisorySource;
import dev.cairn.vuln.source.ImportLimits;
import dev.cairn.vuln.source.RecordSink;
import dev.cairn.vuln.source.Sources;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Builds or updates an {@link AdvisoryStore} file, atomically and incrementally:
 * <ol>
 *   <li>the existing database (if any, and of this schema) is copied to {@code <db>.tmp-<random>};</li>
 *   <li>every source is read into the copy in one transaction;</li>
 *   <li>the copy is forced to disk and renamed over {@code <db>} with {@code ATOMIC_MOVE}.</li>
 * </ol>
 * If anything fails on the way (a source throws, the disk fills, the process dies) the previous
 * database is untouched; the temporary copy is removed (or, after a crash, left as a
 * {@code .tmp-} file that no reader opens). Readers never open the file being written, so they never
 * see {@code SQLITE_BUSY}. Importers into the same file are serialised by a lock file
 * ({@code <db>.lock}).
 *
 * <p>Per record: a new id is inserted; an id already stored with the same content hash is
 * unchanged (re-imports are idempotent); with different content it is replaced when the new
 * record's {@code modified} is the same or later, and otherwise ignored as older. An id seen twice
 * in one batch with different content keeps the later {@code modified} (at a tie, the later one
 * read) and counts a duplicate warning. Records a source cannot use are counted by reason with
 * examples, never silently and never aborting the import.
 */
public final class DbImporter {
    private static final int EXAMPLES = 5;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private DbImporter() {
    }

    public static ImportReport importInto(Path dbFile, List<Path> sources, Clock clock) {
        return importInto(dbFile, sources, clock, ImportLimits.DEFAULT);
    }

    public static ImportReport importInto(Path dbFile, List<Path> sources, Clock clock, ImportLimits limits) {
        return importSources(dbFile, Sources.of(sources, limits), clock);
    }

    public static ImportReport importSources(Path dbFile, List<AdvisorySource> sources, Clock clock) {
        Path db = dbFile.toAbsolutePath().normalize();
        ReentrantLock local = LOCKS.computeIfAbsent(db, k -> new ReentrantLock());
        local.lock();
        try {
            Path parent = db.getParent();
            Files.createDirectories(parent);
            Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock(); // serialises importers in other processes
                try {
                    return locked(db, sources, clock);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw AdvisoryStore.failure("cannot import into", db, e);
        } finally {
            local.unlock();
        }
    }

    private static ImportReport locked(Path db, List<AdvisorySource> sources, Clock clock) throws IOException {
        long start = System.nanoTime();
        byte[] rnd = new byte[8];
        RANDOM.nextBytes(rnd);
        Path tmp = db.resolveSibling(db.getFileName() + ".tmp-" + HexFormat.of().formatHex(rnd));
        boolean done = false;
        try {
            if (Files.exists(db) && sameSchema(db)) {
                Files.copy(db, tmp, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Batch batch;
            try (AdvisoryStore.Writer w = new AdvisoryStore.Writer(tmp)) {
                batch = new Batch(w);
                Instant now = clock.instant();
                for (AdvisorySource s : sources) {
                    SourceSink sink = batch.source(s);
                    s.read(sink);
                    w.source(s.location(), s.name(), now, sink.kept, sink.skipped);
                }
                w.meta(now);
                batch.total = w.count();
                w.commit();
            } catch (SQLException e) {
                throw AdvisoryStore.failure("cannot write vulnerability database", tmp, e);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            forceDirectory(db.getParent());
            return batch.report(db, Duration.ofNanos(System.nanoTime() - start));
        } catch (SinkFailure e) {
            throw AdvisoryStore.failure("cannot write vulnerability database", tmp, e.sql);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static boolean sameSchema(Path db) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties())) {
            return AdvisoryStore.schemaVersion(c).orElse(-1) == AdvisoryStore.SCHEMA_VERSION;
        } catch (SQLException e) {
            return false; // not a database we can build on: start afresh, the rename replaces it
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory; the rename itself is atomic either way
        }
    }

    /** SQL failure inside a sink callback, carried out of the source's read. */
    private static final class SinkFailure extends RuntimeException {
        final SQLException sql;

        SinkFailure(SQLException sql) {
            super(sql.getMessage(), sql);
            this.sql = sql;
        }
    }

    private record Seen(Optional<Instant> modified, String hash) {}

    private static final class Batch {
        final AdvisoryStore.Writer w;
        final Map<String, Seen> seen = new HashMap<>();
        final List<SourceSink> sinks = new ArrayList<>();
        long inserted, replaced, unchanged, removed, older, duplicates, total;

        Batch(AdvisoryStore.Writer w) {
            this.w = w;
        }

        SourceSink source(AdvisorySource s) {
            SourceSink sink = new SourceSink(this, s.name(), s.location());
            sinks.add(sink);
            return sink;
        }

        ImportReport report(Path db, Duration elapsed) {
            return new ImportReport(db, elapsed, total, inserted, replaced, unchanged, removed, older, duplicates,
                    sinks.stream().map(SourceSink::report).toList());
        }
    }

    private static boolean notBefore(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b.isEmpty();
        }
        return b.isEmpty() || !a.get().isBefore(b.get());
    }

    private static final class SourceSink implements RecordSink {
        final Batch batch;
        final String name;
        final String location;
        long kept, skipped, withdrawn, warnings;
        final Map<String, Long> reasons = new LinkedHashMap<>();
        final List<String> skipExamples = new ArrayList<>();
        final List<String> warningExamples = new ArrayList<>();
        final MessageDigest sha256;

        SourceSink(Batch batch, String name, String location) {
            this.batch = batch;
            this.name = name;
            this.location = location;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void accept(Advisory a, String where) {
            kept++;
            byte[] json = AdvisoryJson.write(a);
            String hash = HexFormat.of().formatHex(sha256.digest(json));
            try {
                Seen before = batch.seen.get(a.id());
                if (before != null) {
                    if (before.hash().equals(hash)) {
                        batch.unchanged++;
                        return;
                    }
                    batch.duplicates++;
                    boolean replace = notBefore(a.modified(), before.modified());
                    warn(where, "duplicate id " + a.id() + " with different content in this import; kept the one "
                            + (replace ? "read here" : "read earlier") + " (later modified)");
                    if (replace) {
                        batch.w.put(a, json, hash);
                        batch.seen.put(a.id(), new Seen(a.modified(), hash));
                    }
                    return;
                }
                Optional<AdvisoryStore.Writer.Stored> stored = batch.w.get(a.id());
                if (stored.isEmpty()) {
                    batch.w.put(a, json, hash);
                    batch.inserted++;
                } else if (stored.get().hash().equals(hash)) {
                    batch.unchanged++;
                } else if (notBefore(a.modified(), stored.get().modified())) {
                    batch.w.put(a, json, hash);
                    batch.replaced++;
                } else {
                    batch.older++;
                    warn(where, a.id() + " is older (" + a.modified().map(Instant::toString).orElse("no modified time")
                            + ") than the stored copy; kept the stored one");
                    batch.seen.put(a.id(), new Seen(stored.get().modified(), stored.get().hash()));
                    return;
                }
                batch.seen.put(a.id(), new Seen(a.modified(), hash));
            } catch (SQLException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void withdrawn(String id, String where) {
            withdrawn++;
            try {
                if (batch.w.delete(id)) {
                    batch.removed++;
                }
                batch.seen.remove(id);
            } catch (SQLException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void skip(String where, String reason, String detail) {
            skipped++;
            reasons.merge(reason, 1L, Long::sum);
            if (skipExamples.size() < EXAMPLES) {
                skipExamples.add(where + ": " + reason + ": " + detail);
            }
        }

        @Override
        public void warn(String where, String message) {
            warnings++;
            if (warningExamples.size() < EXAMPLES) {
                warningExamples.add(where + ": " + message);
            }
        }

        ImportReport.SourceReport report() {
            return new ImportReport.SourceReport(name, location, kept, skipped, withdrawn, reasons, skipExamples,
                    warnings, warningExamples);
        }
    }

    /**
     * {@code DbImporter <db file> <source>...}: imports and prints the report to stderr. Used by
     * tests as a separate process and for measuring; the CLI has its own command.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: DbImporter <db file> <source>...");
            System.exit(2);
        }
        List<Path> sources = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sources.add(Path.of(args[i]));
        }
        try {
            ImportReport r = importInto(Path.of(args[0]), sources, Clock.systemUTC());
            System.err.print(r.summary());
        } catch (CairnException e) {
            System.err.println("cairn: " + e.getMessage());
            System.exit(e.code().exitCode());
        }
    }
}
