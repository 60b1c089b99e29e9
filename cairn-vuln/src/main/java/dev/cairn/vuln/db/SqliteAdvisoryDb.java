package dev.cairn.vuln.db;

import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.AdvisoryDb;
import dev.cairn.vuln.AffectedBy;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.source.Ecosystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * {@link AdvisoryDb} over an {@link AdvisoryStore} file, opened READ-ONLY: any number of scans, in
 * threads or processes, share one file while an import builds the next one beside it. Thread-safe;
 * connections are pooled (one per concurrent caller), each with its prepared lookup.
 *
 * <p>A connection keeps reading the file it opened even after an import renames a new one over
 * it (POSIX keeps the old inode alive), so one open database gives one consistent view; open again
 * to see a newer import.
 */
public final class SqliteAdvisoryDb implements AdvisoryDb {
    private static final String FIND = "SELECT a.json FROM package_index p JOIN advisories a ON a.id = p.advisory_id"
            + " WHERE p.ecosystem = ? AND p.name = ? ORDER BY a.id";
    /** Names or ids per {@code IN (...)} statement: well below SQLite's limit on bound parameters. */
    private static final int CHUNK = 500;

    private final Path file;
    private final ConcurrentLinkedDeque<Reader> idle = new ConcurrentLinkedDeque<>();
    private final List<Reader> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;
    private volatile DbStatus status;

    private record Reader(Connection c, PreparedStatement find) {}

    private SqliteAdvisoryDb(Path file) {
        this.file = file;
    }

    /** Opens a database built by {@link DbImporter}; fails with a clear message if it is missing or of another schema. */
    public static SqliteAdvisoryDb open(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) {
            throw CairnException.notFound("no vulnerability database at " + f + "; build one with an import first");
        }
        SqliteAdvisoryDb db = new SqliteAdvisoryDb(f);
        Reader r = db.borrow();
        try {
            Optional<Integer> v = AdvisoryStore.schemaVersion(r.c());
            if (v.isEmpty() || v.get() != AdvisoryStore.SCHEMA_VERSION) {
                db.close();
                throw CairnException.invalid("vulnerability database " + f + " has schema version "
                        + v.map(String::valueOf).orElse("none") + "; this Cairn reads version "
                        + AdvisoryStore.SCHEMA_VERSION + ": rebuild it with an import");
            }
        } catch (SQLException e) {
            db.close();
            throw AdvisoryStore.failure("cannot read vulnerability database", f, e);
        }
        db.release(r);
        return db;
    }

    public Path file() {
        return file;
    }

    @Override
    public List<Advisory> find(String ecosystem, String name) {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        String base = Ecosystems.base(ecosystem);
        Reader r = borrow();
        try {
            r.find().setString(1, base);
            r.find().setString(2, Ecosystems.normaliseName(base, name));
            List<Advisory> out = new ArrayList<>();
            try (ResultSet rs = r.find().executeQuery()) {
                while (rs.next()) {
                    out.add(AdvisoryJson.read(rs.getBytes(1)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw AdvisoryStore.failure("cannot read vulnerability database", file, e);
        } finally {
            release(r);
        }
    }

    /**
     * One statement per {@value #CHUNK} names ({@code name IN (...)}, a walk of the primary key in name
     * order) that reads only the index: each row carries its advisory's entries for the package.
     */
    @Override
    public Map<String, List<AffectedBy>> findAffected(String ecosystem, Collection<String> names) {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(names, "names");
        String base = Ecosystems.base(ecosystem);
        Map<String, List<String>> asGiven = new LinkedHashMap<>(); // normalised name -> names as given
        for (String name : names) {
            asGiven.computeIfAbsent(Ecosystems.normaliseName(base, Objects.requireNonNull(name, "name")),
                    k -> new ArrayList<>(1)).add(name);
        }
        Map<String, List<AffectedBy>> byKey = new HashMap<>();
        inChunks(List.copyOf(asGiven.keySet()), chunk -> "SELECT name, advisory_id, affected FROM package_index"
                + " WHERE ecosystem = ? AND name IN (" + placeholders(chunk.size()) + ") ORDER BY name, advisory_id",
                List.of(base), rs -> byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new AffectedBy(rs.getString(2), affected(rs.getBytes(3)))));
        Map<String, List<AffectedBy>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : asGiven.entrySet()) {
            List<AffectedBy> found = byKey.get(e.getKey());
            if (found != null) {
                List<AffectedBy> copy = List.copyOf(found);
                e.getValue().forEach(name -> out.put(name, copy));
            }
        }
        return out;
    }

    /**
     * One statement per {@value #CHUNK} ids, in id order (a walk of the primary key); each record is
     * decoded up to its {@code affected} entries ({@link AdvisoryJson#readHeader}).
     */
    @Override
    public Map<String, Advisory.Header> headers(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Map<String, Advisory.Header> out = new HashMap<>();
        inChunks(ids.stream().distinct().sorted().toList(), chunk -> "SELECT id, json FROM advisories WHERE id IN ("
                + placeholders(chunk.size()) + ")", List.of(), rs -> out.put(rs.getString(1), AdvisoryJson.readHeader(rs.getBytes(2))));
        return out;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql(chunk)} with {@code first} and then the chunk's values bound, for each chunk of {@code values}. */
    private void inChunks(List<String> values, Function<List<String>, String> sql, List<String> first, Row row) {
        Reader r = borrow();
        try {
            for (int from = 0; from < values.size(); from += CHUNK) {
                List<String> chunk = values.subList(from, Math.min(values.size(), from + CHUNK));
                try (PreparedStatement st = r.c().prepareStatement(sql.apply(chunk))) {
                    int i = 1;
                    for (String v : first) {
                        st.setString(i++, v);
                    }
                    for (String v : chunk) {
                        st.setString(i++, v);
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            row.accept(rs);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw AdvisoryStore.failure("cannot read vulnerability database", file, e);
        } finally {
            release(r);
        }
    }

    private static String placeholders(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    private static List<Advisory.Affected> affected(byte[] blob) {
        try {
            return AffectedCodec.read(blob);
        } catch (RuntimeException e) {
            throw new CairnException(dev.cairn.model.ErrorCode.INVALID_INPUT,
                    "advisory database holds an unreadable index entry (" + e + "); rebuild it with an import", e);
        }
    }

    /**
     * Read once per open database (a scan asks twice: for the staleness warning and for its report, and
     * counting the advisories walks an index of a hundred thousand entries).
     */
    @Override
    public DbStatus status() {
        DbStatus s = status;
        if (s == null) {
            s = readStatus();
            status = s;
        }
        return s;
    }

    private DbStatus readStatus() {
        Reader r = borrow();
        try (Statement st = r.c().createStatement()) {
            Instant built = Instant.EPOCH;
            int schema = 0;
            try (ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "built" -> built = Instant.parse(rs.getString(2));
                        case "schema_version" -> schema = Integer.parseInt(rs.getString(2));
                        default -> { }
                    }
                }
            }
            List<DbStatus.SourceStatus> sources = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, location, imported, kept, skipped FROM sources ORDER BY location")) {
                while (rs.next()) {
                    sources.add(new DbStatus.SourceStatus(rs.getString(1), rs.getString(2),
                            Instant.parse(rs.getString(3)), rs.getLong(4), rs.getLong(5)));
                }
            }
            long count;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM advisories")) {
                rs.next();
                count = rs.getLong(1);
            }
            return new DbStatus(schema, built, sources, count);
        } catch (SQLException e) {
            throw AdvisoryStore.failure("cannot read vulnerability database", file, e);
        } finally {
            release(r);
        }
    }

    /** {@link DbStaleness#check} for this database's status. */
    public Optional<String> staleness(Duration maxAge, Clock clock) {
        return DbStaleness.check(status(), maxAge, clock);
    }

    private Reader borrow() {
        if (closed) {
            throw new IllegalStateException("vulnerability database " + file + " is closed");
        }
        Reader r = idle.pollFirst();
        if (r != null) {
            return r;
        }
        try {
            Connection c = AdvisoryStore.openReadOnly(file);
            Reader fresh = new Reader(c, c.prepareStatement(FIND));
            all.add(fresh);
            return fresh;
        } catch (SQLException e) {
            throw AdvisoryStore.failure("cannot open vulnerability database", file, e);
        }
    }

    private void release(Reader r) {
        if (closed) {
            closeQuietly(r);
        } else {
            idle.addFirst(r);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            all.forEach(SqliteAdvisoryDb::closeQuietly);
            all.clear();
        }
        idle.clear();
    }

    private static void closeQuietly(Reader r) {
        try {
            r.c().close();
        } catch (SQLException ignored) {
            // closing a read-only connection loses nothing
        }
    }
}
