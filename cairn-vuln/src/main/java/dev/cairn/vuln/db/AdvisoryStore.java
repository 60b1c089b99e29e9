package dev.cairn.vuln.db;

import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.source.Ecosystems;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The advisory database: one embedded SQLite file.
 *
 * <pre>
 * meta          (key PRIMARY KEY, value)               schema_version, built
 * advisories    (id PRIMARY KEY, source, modified, content_hash, json)
 * package_index (ecosystem, name, advisory_id, affected) PRIMARY KEY over the first three, WITHOUT ROWID
 * sources       (location PRIMARY KEY, name, imported, kept, skipped)
 * </pre>
 *
 * {@code json} is our {@link Advisory} ({@link AdvisoryJson}); {@code content_hash} its SHA-256, which
 * makes re-imports idempotent. {@code package_index} holds the ecosystem's base name ({@code Debian},
 * not {@code Debian:12}) and the normalised package name ({@link Ecosystems#normaliseName}), so a
 * lookup is one range scan of its primary key. {@code affected} holds the advisory's
 * {@code affected[]} entries for that package ({@link AffectedCodec}): a scan decides every match from
 * the index alone and reads {@code json} only for the advisories that match (about a third of those
 * it looks at), which halves the decoding a large scan does.
 *
 * <p>The file is only ever written by {@link DbImporter}, into a private copy that is then renamed
 * over it; readers ({@link SqliteAdvisoryDb}) open it read-only and never meet a writer's lock.
 */
public final class AdvisoryStore {
    /**
     * Bumped when the layout or the JSON blob changes incompatibly; an import then starts afresh, and a
     * scan asks for one. 2: {@code package_index.affected}.
     */
    public static final int SCHEMA_VERSION = 2;

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS advisories (id TEXT PRIMARY KEY, source TEXT NOT NULL, modified TEXT,"
                    + " content_hash TEXT NOT NULL, json BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS package_index (ecosystem TEXT NOT NULL, name TEXT NOT NULL,"
                    + " advisory_id TEXT NOT NULL, affected BLOB NOT NULL, PRIMARY KEY (ecosystem, name, advisory_id)) WITHOUT ROWID",
            "CREATE INDEX IF NOT EXISTS package_index_by_advisory ON package_index (advisory_id)",
            "CREATE TABLE IF NOT EXISTS sources (location TEXT PRIMARY KEY, name TEXT NOT NULL, imported TEXT NOT NULL,"
                    + " kept INTEGER NOT NULL, skipped INTEGER NOT NULL)");

    private AdvisoryStore() {
    }

    static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA query_only = 1");
        }
        return c;
    }

    static Optional<Integer> schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
            if (!rs.next()) {
                return Optional.empty();
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return rs.next() ? Optional.of(Integer.parseInt(rs.getString(1))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A writable connection to the importer's private copy, in one transaction. */
    static final class Writer implements AutoCloseable {
        final Connection c;
        private final PreparedStatement get;
        private final PreparedStatement put;
        private final PreparedStatement unindex;
        private final PreparedStatement index;
        private final PreparedStatement delete;

        /** What is stored under an id: enough to decide whether a new record replaces it. */
        record Stored(Optional<Instant> modified, String hash) {}

        Writer(Path file) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            // A private copy that is thrown away on failure: no journal, no fsync per statement;
            // the importer forces the file to disk before renaming it into place.
            config.setJournalMode(SQLiteConfig.JournalMode.OFF);
            config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
            c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            try (Statement st = c.createStatement()) {
                for (String ddl : DDL) {
                    st.execute(ddl);
                }
            }
            c.setAutoCommit(false);
            get = c.prepareStatement("SELECT modified, content_hash FROM advisories WHERE id = ?");
            put = c.prepareStatement("INSERT OR REPLACE INTO advisories (id, source, modified, content_hash, json) VALUES (?, ?, ?, ?, ?)");
            unindex = c.prepareStatement("DELETE FROM package_index WHERE advisory_id = ?");
            index = c.prepareStatement("INSERT INTO package_index (ecosystem, name, advisory_id, affected) VALUES (?, ?, ?, ?)");
            delete = c.prepareStatement("DELETE FROM advisories WHERE id = ?");
        }

        Optional<Stored> get(String id) throws SQLException {
            get.setString(1, id);
            try (ResultSet rs = get.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String m = rs.getString(1);
                return Optional.of(new Stored(m == null ? Optional.empty() : Optional.of(Instant.parse(m)), rs.getString(2)));
            }
        }

        void put(Advisory a, byte[] json, String hash) throws SQLException {
            put.setString(1, a.id());
            put.setString(2, a.source());
            put.setString(3, a.modified().map(Instant::toString).orElse(null));
            put.setString(4, hash);
            put.setBytes(5, json);
            put.executeUpdate();
            unindex.setString(1, a.id());
            unindex.executeUpdate();
            // One row per package the advisory names, with that package's entries in record order.
            Map<List<String>, List<Advisory.Affected>> byKey = new LinkedHashMap<>();
            for (Advisory.Affected af : a.affected()) {
                String base = Ecosystems.base(af.ecosystem());
                byKey.computeIfAbsent(List.of(base, Ecosystems.normaliseName(base, af.name())), k -> new ArrayList<>()).add(af);
            }
            for (Map.Entry<List<String>, List<Advisory.Affected>> e : byKey.entrySet()) {
                index.setString(1, e.getKey().get(0));
                index.setString(2, e.getKey().get(1));
                index.setString(3, a.id());
                index.setBytes(4, AffectedCodec.write(e.getValue()));
                index.addBatch();
            }
            index.executeBatch();
        }

        boolean delete(String id) throws SQLException {
            unindex.setString(1, id);
            unindex.executeUpdate();
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        }

        void source(String location, String name, Instant imported, long kept, long skipped) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO sources (location, name, imported, kept, skipped) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, location);
                ps.setString(2, name);
                ps.setString(3, imported.toString());
                ps.setLong(4, kept);
                ps.setLong(5, skipped);
                ps.executeUpdate();
            }
        }

        void meta(Instant built) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
                ps.setString(1, "schema_version");
                ps.setString(2, Integer.toString(SCHEMA_VERSION));
                ps.executeUpdate();
                ps.setString(1, "built");
                ps.setString(2, built.toString());
                ps.executeUpdate();
            }
        }

        long count() throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM advisories")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void commit() throws SQLException {
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA optimize");
            }
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    static CairnException failure(String what, Path file, Exception e) {
        return CairnException.io(what + " " + file + ": " + e.getMessage(), e);
    }
}
