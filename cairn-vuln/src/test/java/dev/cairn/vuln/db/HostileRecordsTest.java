package dev.cairn.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.source.AdvisorySource;
import dev.cairn.vuln.source.ImportLimits;
import dev.cairn.vuln.source.RecordSink;
import dev.cairn.vuln.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test is named after what a hostile or broken advisory feed does, and shows the import survives it. */
class HostileRecordsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ImportReport importDir(Path db, Path source) {
        return DbImporter.importInto(db, List.of(source), CLOCK);
    }

    private static ImportReport.SourceReport only(ImportReport r) {
        assertThat(r.sources()).hasSize(1);
        return r.sources().getFirst();
    }

    @Test
    void oversizedAdvisoryIsSkippedAndCounted() throws IOException {
        Path src = dir.resolve("feed");
        Osv.write(src, "GHSA-good.json", Osv.record("GHSA-good-good-good", "2024-01-01T00:00:00Z", "fine"));
        String huge = Osv.record("GHSA-huge-huge-huge", "2024-01-01T00:00:00Z", "x".repeat(5 << 20));
        Osv.write(src, "GHSA-huge.json", huge);
        Osv.write(src, "PYSEC-huge.yaml", "id: PYSEC-huge\ndetails: " + "y".repeat(5 << 20) + "\n");
        ImportReport r = importDir(dir.resolve("db"), src);
        assertThat(only(r).kept()).isEqualTo(1);
        assertThat(only(r).skippedByReason()).containsEntry("over-size", 2L);
        assertThat(only(r).skipExamples()).anySatisfy(e -> assertThat(e).contains("GHSA-huge.json").contains("4194304"));
        try (SqliteAdvisoryDb db = SqliteAdvisoryDb.open(dir.resolve("db"))) {
            assertThat(db.find("npm", "left-pad")).extracting(Advisory::id).containsExactly("GHSA-good-good-good");
        }
    }

    @Test
    void zipBombOsvArchiveIsBounded() throws IOException {
        Path zip = dir.resolve("all.zip");
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) ' ');
        try (ZipOutputStream z = Osv.zip(zip)) {
            Osv.entry(z, "GHSA-aaaa-aaaa-aaaa.json", Osv.record("GHSA-aaaa-aaaa-aaaa", "2024-01-01T00:00:00Z", "before"));
            // 200 MiB of spaces: a few hundred KiB compressed
            Osv.entry(z, "GHSA-bomb-bomb-bomb.json", out -> {
                for (int i = 0; i < 200; i++) {
                    out.write(mib);
                }
            });
            Osv.entry(z, "GHSA-cccc-cccc-cccc.json", Osv.record("GHSA-cccc-cccc-cccc", "2024-01-01T00:00:00Z", "after"));
        }
        assertThat(Files.size(zip)).isLessThan(2 << 20);

        // Default limits: the bomb entry is drained (counted against the archive bound), skipped as over-size.
        ImportReport r = importDir(dir.resolve("a.db"), zip);
        assertThat(only(r).kept()).isEqualTo(2);
        assertThat(only(r).skippedByReason()).containsExactly(java.util.Map.entry("over-size", 1L));

        // A tighter decompressed-bytes bound stops reading the archive inside the bomb, keeping what came before.
        ImportLimits tight = new ImportLimits(4 << 20, 1 << 30, 1000, 64L << 20);
        long t0 = System.nanoTime();
        ImportReport b = DbImporter.importInto(dir.resolve("b.db"), List.of(zip), CLOCK, tight);
        assertThat(only(b).kept()).isEqualTo(1);
        assertThat(only(b).skippedByReason()).containsExactly(java.util.Map.entry("archive bound", 1L));
        assertThat(only(b).skipExamples().getFirst()).contains("GHSA-bomb-bomb-bomb.json").contains("67108864");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);

        // An entry-count bound stops a zip of countless tiny entries.
        Path many = dir.resolve("many.zip");
        try (ZipOutputStream z = Osv.zip(many)) {
            for (int i = 0; i < 50; i++) {
                Osv.entry(z, "GO-" + i + ".json", Osv.record("GO-2099-" + i, "2024-01-01T00:00:00Z", "n" + i));
            }
        }
        ImportReport c = DbImporter.importInto(dir.resolve("c.db"), List.of(many), CLOCK, new ImportLimits(4 << 20, 1 << 30, 10, 1L << 30));
        assertThat(only(c).kept()).isEqualTo(10);
        assertThat(only(c).skippedByReason()).containsExactly(java.util.Map.entry("archive bound", 1L));
    }

    @Test
    void duplicateIdWithDifferentContentKeepsNewest() throws IOException {
        Path src = dir.resolve("feed");
        // Read first (name order) but newer: must win over the older copy read after it.
        Osv.write(src, "a/GHSA-dup.json", Osv.record("GHSA-dupe-dupe-dupe", "2024-05-01T00:00:00Z", "newer"));
        Osv.write(src, "b/GHSA-dup.json", Osv.record("GHSA-dupe-dupe-dupe", "2024-01-01T00:00:00Z", "older"));
        // The same record twice is not a conflict.
        Osv.write(src, "a/GHSA-same.json", Osv.record("GHSA-same-same-same", "2024-01-01T00:00:00Z", "same"));
        Osv.write(src, "b/GHSA-same.json", Osv.record("GHSA-same-same-same", "2024-01-01T00:00:00Z", "same"));
        ImportReport r = importDir(dir.resolve("db"), src);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(only(r).warnings()).isEqualTo(1);
        assertThat(only(r).warningExamples().getFirst()).contains("GHSA-dupe-dupe-dupe").contains("different content");
        assertThat(r.advisories()).isEqualTo(2);
        try (SqliteAdvisoryDb db = SqliteAdvisoryDb.open(dir.resolve("db"))) {
            assertThat(db.find("npm", "left-pad")).filteredOn(a -> a.id().equals("GHSA-dupe-dupe-dupe"))
                    .singleElement().satisfies(a -> assertThat(a.summary()).isEqualTo("newer"));
        }
    }

    @Test
    void newerRecordReplacesOlderAcrossImportsAndOlderIsIgnored() throws IOException {
        Path db = dir.resolve("db");
        Osv.write(dir.resolve("v1"), "r.json", Osv.record("GHSA-upd8-upd8-upd8", "2024-01-01T00:00:00Z", "v1"));
        Osv.write(dir.resolve("v2"), "r.json", Osv.record("GHSA-upd8-upd8-upd8", "2024-02-01T00:00:00Z", "v2", "npm", "left-pad", "1.4.0"));
        assertThat(importDir(db, dir.resolve("v1")).inserted()).isEqualTo(1);
        ImportReport second = importDir(db, dir.resolve("v2"));
        assertThat(second.replaced()).isEqualTo(1);
        ImportReport stale = importDir(db, dir.resolve("v1"));
        assertThat(stale.olderIgnored()).isEqualTo(1);
        assertThat(stale.changed()).isFalse();
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            assertThat(adb.find("npm", "left-pad")).singleElement().satisfies(a -> assertThat(a.summary()).isEqualTo("v2"));
            assertThat(adb.status().sources()).hasSize(2);
        }
    }

    @Test
    void withdrawnRecordRemovesTheStoredAdvisory() throws IOException {
        Path db = dir.resolve("db");
        Osv.write(dir.resolve("v1"), "r.json", Osv.record("GHSA-wdrn-wdrn-wdrn", "2024-01-01T00:00:00Z", "v1"));
        importDir(db, dir.resolve("v1"));
        String withdrawn = Osv.record("GHSA-wdrn-wdrn-wdrn", "2024-03-01T00:00:00Z", "gone")
                .replace("\"summary\"", "\"withdrawn\": \"2024-03-01T00:00:00Z\", \"summary\"");
        Osv.write(dir.resolve("v2"), "r.json", withdrawn);
        ImportReport r = importDir(db, dir.resolve("v2"));
        assertThat(r.removed()).isEqualTo(1);
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            assertThat(adb.find("npm", "left-pad")).isEmpty();
        }
    }

    @Test
    void malformedRecordsAreSkippedWithReasonsNeverAbortingTheImport() throws IOException {
        Path src = dir.resolve("feed");
        Osv.write(src, "ok.json", Osv.record("GHSA-okok-okok-okok", "2024-01-01T00:00:00Z", "ok"));
        Osv.write(src, "truncated.json", "{\"id\": \"GHSA-x\", \"affected\": [");
        Osv.write(src, "bad.yaml", "id: PYSEC-1\naffected: [unclosed\n");
        Osv.write(src, "unknown-event.json", Osv.record("GHSA-evnt-evnt-evnt", "2024-01-01T00:00:00Z", "e")
                .replace("\"fixed\"", "\"patched\""));
        Osv.write(src, "empty-version.json", Osv.record("GHSA-empt-empt-empt", "2024-01-01T00:00:00Z", "e")
                .replace("\"fixed\": \"1.3.0\"", "\"fixed\": \"\""));
        Osv.write(src, "no-introduced.json", Osv.record("GHSA-noin-noin-noin", "2024-01-01T00:00:00Z", "e")
                .replace("{\"introduced\": \"0\"}, ", ""));
        Osv.write(src, "unknown-ecosystem.json", Osv.record("GHSA-ueco-ueco-ueco", "2024-01-01T00:00:00Z", "e", "NotAnEcosystem", "x", "1"));
        Osv.write(src, "no-modified.json", Osv.record("GHSA-nomo-nomo-nomo", "2024-01-01T00:00:00Z", "e")
                .replace("\"modified\": \"2024-01-01T00:00:00Z\",", ""));
        Osv.write(src, "dup-keys.json", "{\"id\": \"GHSA-a\", \"id\": \"GHSA-b\", \"modified\": \"2024-01-01T00:00:00Z\"}");
        Osv.write(src, "deep.json", "[".repeat(10_000) + "]".repeat(10_000));
        ImportReport r = importDir(dir.resolve("db"), src);
        ImportReport.SourceReport s = only(r);
        assertThat(s.kept()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(9);
        assertThat(s.skippedByReason()).containsEntry("unparsable", 4L)
                .containsEntry("schema-invalid range", 3L)
                .containsEntry("unknown ecosystem", 1L)
                .containsEntry("schema-invalid", 1L);
        assertThat(s.skipExamples()).hasSize(5);
        assertThat(r.summary()).contains("9 skipped");
    }

    @Test
    void yamlAliasBombDoesNotExpand() throws IOException {
        // Jackson's YAML reader does not expand aliases (it sees *a as a reference, not a copy), and
        // snakeyaml's alias bound is set as well; either way nine levels of nine do not become 9^9 nodes.
        StringBuilder y = new StringBuilder("id: PYSEC-lol\nmodified: 2024-01-01T00:00:00Z\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            y.append("]\n");
            prev = c;
        }
        Path src = dir.resolve("feed");
        Osv.write(src, "lol.yaml", y.toString());
        long t0 = System.nanoTime();
        ImportReport r = importDir(dir.resolve("db"), src);
        assertThat(only(r).skipped()).isEqualTo(1);
        assertThat(only(r).kept()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
    }

    @Test
    void interruptedImportLeavesPreviousDatabaseIntact() throws Exception {
        Path db = dir.resolve("vuln.db");
        Osv.write(dir.resolve("v1"), "r.json", Osv.record("GHSA-keep-keep-keep", "2024-01-01T00:00:00Z", "v1"));
        importDir(db, dir.resolve("v1"));
        String before = sha256(db);

        AdvisorySource good = Sources.of(dir.resolve("v1"));
        AdvisorySource dying = new AdvisorySource() {
            @Override
            public String name() {
                return "dying";
            }

            @Override
            public String location() {
                return "test:dying";
            }

            @Override
            public void read(RecordSink sink) throws IOException {
                sink.accept(new Advisory("GHSA-half-half-half", List.of(), "half", List.of(), List.of(), java.util.Optional.empty(), "osv"), "x");
                throw new IOException("connection reset while downloading");
            }
        };
        assertThatThrownBy(() -> DbImporter.importSources(db, List.of(good, dying), CLOCK))
                .isInstanceOf(CairnException.class).hasMessageContaining("connection reset");
        assertThatThrownBy(() -> DbImporter.importSources(db, List.of(new AdvisorySource() {
            @Override
            public String name() {
                return "bug";
            }

            @Override
            public String location() {
                return "test:bug";
            }

            @Override
            public void read(RecordSink sink) {
                throw new IllegalStateException("boom");
            }
        }), CLOCK)).isInstanceOf(IllegalStateException.class);

        assertThat(sha256(db)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            assertThat(adb.status().advisories()).isEqualTo(1);
            assertThat(adb.status().sources()).extracting(s -> s.name()).containsExactly("v1");
        }
    }

    @Test
    void missingSourceFailsTheImportWithAClearMessage() {
        assertThatThrownBy(() -> DbImporter.importInto(dir.resolve("db"), List.of(dir.resolve("nope")), CLOCK))
                .isInstanceOf(CairnException.class).hasMessageContaining("does not exist");
        assertThat(dir.resolve("db")).doesNotExist();
        assertThatThrownBy(() -> SqliteAdvisoryDb.open(dir.resolve("db")))
                .isInstanceOf(CairnException.class).hasMessageContaining("no vulnerability database");
    }

    @Test
    void concurrentScansDuringImportNeverSeeBusy() throws Exception {
        Path db = dir.resolve("vuln.db");
        Path go = VulnDataImportTest.DATA.resolve("osv-go");
        Path ghsa = VulnDataImportTest.DATA.resolve("osv-ghsa");
        DbImporter.importInto(db, List.of(go), CLOCK);

        int readers = 8;
        AtomicBoolean importing = new AtomicBoolean(true);
        AtomicLong lookups = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(readers);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                started.countDown();
                int round = 0;
                while (importing.get() || round < 3) {
                    // Reopen now and then, so some readers open the file just as it is replaced.
                    try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
                        for (int i = 0; i < 50; i++) {
                            assertThat(adb.find("Go", "golang.org/x/crypto")).isNotEmpty();
                            adb.find("npm", "lodash");
                            lookups.incrementAndGet();
                            if (i % 10 == 0) {
                                Thread.sleep(1); // two CPUs here: leave the importer some
                            }
                        }
                        adb.status();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                    round++;
                }
            }));
        }
        started.await();
        try {
            // The importer in another process (as `cairn db import` would run beside scans),
            // then one in this JVM.
            for (List<Path> sources : List.of(List.of(ghsa, go))) {
                List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                        "-cp", System.getProperty("java.class.path"), DbImporter.class.getName(), db.toString()));
                sources.forEach(s -> cmd.add(s.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as(out).isZero();
                assertThat(out).contains("imported");
            }
            DbImporter.importInto(db, List.of(go), CLOCK);
        } finally {
            importing.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(lookups.get()).isGreaterThan(readers * 50L);
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            assertThat(adb.find("npm", "lodash")).isNotEmpty();
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
