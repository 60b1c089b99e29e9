package dev.cairn.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.AffectedBy;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.osv.AffectedRanges;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.RangeVerdict;
import dev.cairn.vuln.version.VersionSchemes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All of ../shared/vulndata (saved verbatim from OSV, the Debian security tracker and Alpine secdb)
 * imported into one database: counts per source, lookups the matcher depends on, idempotent
 * re-import. Prints the import time.
 */
class VulnDataImportTest {
    static final Path DATA = Path.of(System.getProperty("cairn.vulndata", "../../shared/vulndata"));
    static final List<String> SOURCES = List.of("osv-pypi", "osv-go", "osv-ghsa", "osv-ghsa-negative",
            "osv-ghsa-extra", "debian-dsa", "alpine-secdb");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static Path db;
    static ImportReport first;

    static List<Path> sources() {
        return SOURCES.stream().map(DATA::resolve).toList();
    }

    @BeforeAll
    static void importAll() {
        db = dir.resolve("cairn-vuln.db");
        first = DbImporter.importInto(db, sources(), CLOCK);
        System.out.println("[vulndata import] " + first.summary());
        System.out.printf("[vulndata import] imported all of %s in %d ms%n", DATA, first.elapsed().toMillis());
    }

    private static Map<String, ImportReport.SourceReport> bySource(ImportReport r) {
        return r.sources().stream().collect(Collectors.toMap(ImportReport.SourceReport::name, Function.identity()));
    }

    @Test
    void countsPerSource() {
        Map<String, ImportReport.SourceReport> s = bySource(first);
        // osv-pypi: 2,661 YAML records, 10 of them withdrawn; osv-go: 4,291 JSON records, 17 withdrawn.
        assertThat(s.get("osv-pypi").kept()).isEqualTo(2651);
        assertThat(s.get("osv-pypi").withdrawn()).isEqualTo(10);
        assertThat(s.get("osv-pypi").skipped()).isZero();
        assertThat(s.get("osv-go").kept()).isEqualTo(4274);
        assertThat(s.get("osv-go").withdrawn()).isEqualTo(17);
        assertThat(s.get("osv-go").skipped()).isZero();
        assertThat(s.get("osv-ghsa").kept()).isEqualTo(40);
        assertThat(s.get("osv-ghsa-negative").kept()).isEqualTo(5);
        assertThat(s.get("osv-ghsa-extra").kept()).isEqualTo(28);
        // SOURCES.json there is provenance, not an advisory: reported, not silently dropped.
        assertThat(s.get("osv-ghsa-extra").skippedByReason()).containsEntry("unknown format", 1L);
        // DSA/DLA blocks without package lines (announcements, notes) are counted.
        assertThat(s.get("debian-dsa").kept()).isEqualTo(8911);
        assertThat(s.get("debian-dsa").skippedByReason()).containsOnlyKeys("no affected package");
        assertThat(s.get("alpine-secdb").kept()).isEqualTo(11859);
        assertThat(s.get("alpine-secdb").skippedByReason())
                .containsEntry("not affected", 5L).containsEntry("schema-invalid", 21L);
        assertThat(first.advisories()).isEqualTo(first.inserted()).isEqualTo(27768);

        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            DbStatus status = adb.status();
            assertThat(status.schemaVersion()).isEqualTo(AdvisoryStore.SCHEMA_VERSION);
            assertThat(status.advisories()).isEqualTo(27768);
            assertThat(status.built()).isEqualTo(CLOCK.instant());
            assertThat(status.sources()).hasSize(SOURCES.size());
            assertThat(status.sources()).anySatisfy(src -> {
                assertThat(src.name()).isEqualTo("osv-go");
                assertThat(src.kept()).isEqualTo(4274);
                assertThat(src.imported()).isEqualTo(CLOCK.instant());
            });
            assertThat(adb.staleness(Duration.ofDays(1), CLOCK)).isEmpty();
            assertThat(adb.staleness(Duration.ofDays(1), Clock.offset(CLOCK, Duration.ofDays(3))))
                    .hasValueSatisfying(w -> assertThat(w).contains("3 days ago"));
        }
    }

    @Test
    void log4jCoreHasLog4ShellByGhsaId() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            List<Advisory> found = adb.find("Maven", "org.apache.logging.log4j:log4j-core");
            Advisory log4shell = found.stream().filter(a -> a.id().equals("GHSA-jfh8-c2jp-5v3q")).findFirst().orElseThrow();
            assertThat(log4shell.aliases()).contains("CVE-2021-44228");
            assertThat(log4shell.severities()).contains(new Advisory.Severity("GHSA", "CRITICAL"));
            assertThat(log4shell.severities()).anySatisfy(s -> assertThat(s.type()).isEqualTo("CVSS_V3"));
            Advisory.Affected a = log4shell.affected().stream()
                    .filter(x -> x.name().equals("org.apache.logging.log4j:log4j-core")).findFirst().orElseThrow();
            assertThat(AffectedRanges.evaluate(a.ranges(), "2.14.1", VersionSchemes.forEcosystem("Maven")))
                    .isEqualTo(new RangeVerdict.Affected(Optional.of("2.15.0")));
            assertThat(adb.find("Maven", "org.apache.logging.log4j:log4j-api")).noneMatch(x -> x.id().equals("GHSA-jfh8-c2jp-5v3q"));
        }
    }

    @Test
    void pypiNamesAreNormalisedPerPep503() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            List<Advisory> jinja = adb.find("PyPI", "jinja2");
            assertThat(jinja).extracting(Advisory::id).contains("PYSEC-2014-8", "PYSEC-2019-217", "GHSA-h5c8-rqwp-cp95");
            assertThat(adb.find("PyPI", "Jinja2")).isEqualTo(jinja);
            assertThat(adb.find("PyPI", "JINJA2")).isEqualTo(jinja);
            // "zope.interface" style names: dots, dashes and underscores compare equal
            assertThat(adb.find("PyPI", "Flask_Caching")).isEqualTo(adb.find("PyPI", "flask.caching"));
            assertThat(adb.find("npm", "jinja2")).isEmpty();
        }
    }

    @Test
    void debianAdvisoryFromDsaListPerRelease() {
        // The saved DSA list ends in March 2023, before bookworm's release: bullseye is the newest
        // release it names (no [bookworm] lines), so the example is a bullseye fix.
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            Advisory dsa = adb.find("Debian", "xorg-server").stream().filter(a -> a.id().equals("DSA-5380-1"))
                    .findFirst().orElseThrow();
            assertThat(dsa.aliases()).containsExactly("CVE-2023-1393");
            assertThat(dsa.source()).isEqualTo("debian");
            assertThat(dsa.modified()).contains(Instant.parse("2023-03-29T00:00:00Z"));
            assertThat(dsa.affected()).singleElement().satisfies(a -> {
                assertThat(a.ecosystem()).isEqualTo("Debian:11");
                assertThat(a.ranges().ranges().getFirst().events())
                        .containsExactly(OsvEvent.introduced("0"), OsvEvent.fixed("2:1.20.11-1+deb11u6"));
                assertThat(AffectedRanges.evaluate(a.ranges(), "2:1.20.11-1+deb11u5", VersionSchemes.forEcosystem(a.ecosystem())))
                        .isEqualTo(new RangeVerdict.Affected(Optional.of("2:1.20.11-1+deb11u6")));
            });
            // Also found when the caller passes the release-qualified ecosystem.
            assertThat(adb.find("Debian:11", "xorg-server")).isEqualTo(adb.find("Debian", "xorg-server"));
            // DLA (LTS) advisories sit beside DSAs: buster
            assertThat(adb.find("Debian", "firmware-nonfree")).anySatisfy(a -> {
                assertThat(a.id()).isEqualTo("DLA-3380-1");
                assertThat(a.affected()).extracting(Advisory.Affected::ecosystem).containsExactly("Debian:10");
            });
        }
    }

    @Test
    void alpineSecfixesAreOneAdvisoryPerIssueReleaseAndPackage() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            List<Advisory> ansible = adb.find("Alpine", "ansible");
            Advisory a = ansible.stream().filter(x -> x.id().equals("CVE-2019-14904/alpine-v3.11/ansible")).findFirst().orElseThrow();
            assertThat(a.aliases()).containsExactly("CVE-2019-14904");
            assertThat(a.source()).isEqualTo("alpine");
            assertThat(a.affected()).singleElement().satisfies(x -> {
                assertThat(x.ecosystem()).isEqualTo("Alpine:v3.11");
                assertThat(x.ranges().ranges().getFirst().events())
                        .containsExactly(OsvEvent.introduced("0"), OsvEvent.fixed("2.9.3-r0"));
            });
            // the same CVE in other releases is a separate advisory, each with its release
            assertThat(ansible).filteredOn(x -> x.aliases().contains("CVE-2019-14904")).extracting(Advisory::id)
                    .allMatch(id -> id.startsWith("CVE-2019-14904/alpine-v3."));
        }
    }

    @Test
    void goModulePathsAreExact() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            assertThat(adb.find("Go", "golang.org/x/crypto")).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.id()).startsWith("GO-"));
            assertThat(adb.find("Go", "Golang.org/x/crypto")).isEmpty();
        }
    }

    @Test
    void reimportIsIdempotent() throws Exception {
        Path copy = dir.resolve("again.db");
        Files.copy(db, copy);
        ImportReport again = DbImporter.importInto(copy, sources(), Clock.offset(CLOCK, Duration.ofHours(1)));
        assertThat(again.inserted()).isZero();
        assertThat(again.replaced()).isZero();
        assertThat(again.removed()).isZero();
        assertThat(again.changed()).isFalse();
        assertThat(again.unchanged()).isEqualTo(first.kept());
        assertThat(again.advisories()).isEqualTo(first.advisories());
        assertThat(again.skipped()).isEqualTo(first.skipped());
        try (SqliteAdvisoryDb a = SqliteAdvisoryDb.open(db); SqliteAdvisoryDb b = SqliteAdvisoryDb.open(copy)) {
            assertThat(b.find("PyPI", "jinja2")).isEqualTo(a.find("PyPI", "jinja2"));
            assertThat(b.status().built()).isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));
        }
    }

    @Test
    void findIsFast() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            adb.find("PyPI", "django"); // warm the pool
            int n = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                adb.find("Maven", "org.apache.logging.log4j:log4j-core");
                adb.find("npm", "no-such-package-" + i);
            }
            double perLookupMicros = (System.nanoTime() - t0) / 1000.0 / (2 * n);
            System.out.printf("[vulndata import] find(): %.1f µs per lookup%n", perLookupMicros);
            assertThat(perLookupMicros).isLessThan(5_000);
        }
    }

    @Test
    void findAffectedAnswersAsFindDoesNameByName() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            // More names than one statement takes, PyPI spellings that normalise alike, misses, a repeat.
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                names.add("no-such-package-" + i);
            }
            names.addAll(List.of("jinja2", "Jinja2", "JINJA2", "Flask_Caching", "flask.caching", "django", "jinja2"));
            Map<String, List<AffectedBy>> all = adb.findAffected("PyPI", names);
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(
                    names.stream().distinct().filter(n -> !adb.find("PyPI", n).isEmpty()).toList());
            assertThat(all.keySet()).contains("jinja2", "Jinja2", "JINJA2", "django");
            all.forEach((name, found) -> assertThat(found).as(name).isEqualTo(entriesFor("PyPI", name, adb.find("PyPI", name))));
            assertThat(adb.findAffected("Debian:11", List.of("xorg-server"))).containsExactly(
                    Map.entry("xorg-server", entriesFor("Debian", "xorg-server", adb.find("Debian", "xorg-server"))));
            assertThat(adb.findAffected("Go", List.of("Golang.org/x/crypto", "golang.org/x/crypto")).keySet())
                    .containsExactly("golang.org/x/crypto");
            assertThat(adb.findAffected("npm", List.of())).isEmpty();
        }
    }

    @Test
    void headersAreReadById() {
        try (SqliteAdvisoryDb adb = SqliteAdvisoryDb.open(db)) {
            List<Advisory> found = adb.find("Maven", "org.apache.logging.log4j:log4j-core");
            java.util.List<String> ids = new java.util.ArrayList<>(found.stream().map(Advisory::id).toList());
            for (int i = 0; i < 600; i++) { // more ids than one statement takes, and misses
                ids.add("NO-SUCH-ID-" + i);
            }
            ids.add(found.get(0).id());
            Map<String, Advisory.Header> byId = adb.headers(ids);
            assertThat(byId.values()).containsExactlyInAnyOrderElementsOf(found.stream().map(Advisory::header).toList());
            byId.forEach((id, a) -> assertThat(a.id()).isEqualTo(id));
            assertThat(adb.headers(List.of())).isEmpty();
        }
    }

    /** What findAffected should say for one name: each advisory's entries whose package is that name. */
    private static List<AffectedBy> entriesFor(String base, String name, List<Advisory> advisories) {
        String key = dev.cairn.vuln.source.Ecosystems.normaliseName(base, name);
        return advisories.stream().map(a -> new AffectedBy(a.id(), a.affected().stream()
                .filter(af -> dev.cairn.vuln.source.Ecosystems.base(af.ecosystem()).equals(base)
                        && dev.cairn.vuln.source.Ecosystems.normaliseName(base, af.name()).equals(key))
                .toList())).toList();
    }
}
