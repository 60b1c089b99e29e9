package dev.cairn.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.version.VersionSchemes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real GitHub advisories (OSV JSON, saved verbatim in ../shared/vulndata) against the fixture
 * versions they were checked for: each record in {@code osv-ghsa} affects its fixture package
 * with the expected first fixed version; none in {@code osv-ghsa-negative} does.
 */
class GhsaFixtureTest {
    private static final Path DATA = Path.of(System.getProperty("cairn.vulndata", "../../shared/vulndata"));

    record Fixture(String ecosystem, String name, String version) {}

    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
            new Fixture("Maven", "org.apache.commons:commons-text", "1.9"),
            new Fixture("Maven", "com.fasterxml.jackson.core:jackson-databind", "2.9.10"),
            new Fixture("npm", "lodash", "4.17.20"),
            new Fixture("npm", "minimist", "1.2.5"),
            new Fixture("npm", "express", "4.17.1"),
            new Fixture("npm", "qs", "6.7.0"),
            new Fixture("npm", "body-parser", "1.19.0"),
            new Fixture("npm", "path-to-regexp", "0.1.7"),
            new Fixture("npm", "send", "0.17.1"),
            new Fixture("npm", "serve-static", "1.14.1"),
            new Fixture("npm", "cookie", "0.4.0"),
            new Fixture("PyPI", "requests", "2.28.1"),
            new Fixture("PyPI", "jinja2", "3.1.2"),
            new Fixture("PyPI", "packaging", "23.0"));

    /** First fixed version above the fixture version, from each record's ranges (INDEX.md). */
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("GHSA-27xj-rqx5-2255", "2.9.10.4"), Map.entry("GHSA-29mw-wpgm-hmr9", "4.17.21"),
            Map.entry("GHSA-35jh-r3h4-6jhm", "4.17.21"), Map.entry("GHSA-57j2-w4cx-62h2", "2.12.6.1"),
            Map.entry("GHSA-58pp-9c76-5625", "2.9.10.4"), Map.entry("GHSA-599f-7c49-w659", "1.10.0"),
            Map.entry("GHSA-6rw7-vpxm-498p", "6.14.1"), Map.entry("GHSA-7rjr-3q55-vv33", "2.16.0"),
            Map.entry("GHSA-8489-44mv-ggj8", "2.17.1"), Map.entry("GHSA-9hjg-9r4m-mvj7", "2.32.4"),
            Map.entry("GHSA-9vvp-fxw6-jcxr", "2.9.10.4"), Map.entry("GHSA-9wv6-86v2-598j", "0.1.10"),
            Map.entry("GHSA-9wx4-h78v-vm56", "2.32.2"), Map.entry("GHSA-c2q3-4qrh-fm48", "2.9.10.5"),
            Map.entry("GHSA-cm22-4g7w-348p", "1.16.0"), Map.entry("GHSA-cpwx-vrp4-4pq7", "3.1.6"),
            Map.entry("GHSA-fqwf-pjwf-7vqv", "2.9.10.4"), Map.entry("GHSA-gmj6-6f8f-6699", "3.1.5"),
            Map.entry("GHSA-h5c8-rqwp-cp95", "3.1.3"), Map.entry("GHSA-h75v-3vvj-5mfj", "3.1.4"),
            Map.entry("GHSA-hrpp-h998-j3pp", "6.7.3"), Map.entry("GHSA-j823-4qch-3rgm", "2.9.10.5"),
            Map.entry("GHSA-j8r2-6x86-q33q", "2.31.0"), Map.entry("GHSA-jfh8-c2jp-5v3q", "2.15.0"),
            Map.entry("GHSA-jjjh-jjxp-wpff", "2.12.7.1"), Map.entry("GHSA-m6fv-jmcg-4jfg", "0.19.0"),
            Map.entry("GHSA-mc6h-4qgp-37qh", "2.9.10.5"), Map.entry("GHSA-p43x-xfjf-5jhr", "2.9.10.4"),
            Map.entry("GHSA-p6xc-xr62-6r2g", "2.17.0"), Map.entry("GHSA-pxg6-pf52-xh8x", "0.7.0"),
            Map.entry("GHSA-q2x7-8rv6-6q7h", "3.1.5"), Map.entry("GHSA-qw6h-vgh9-j6wx", "4.20.0"),
            Map.entry("GHSA-qwcr-r2fm-qrc7", "1.20.3"), Map.entry("GHSA-rf6r-2c4q-2vwg", "2.9.10.4"),
            Map.entry("GHSA-rgv9-q543-rqg4", "2.13.4"), Map.entry("GHSA-rhx6-c78j-4q9w", "0.1.12"),
            Map.entry("GHSA-rv95-896h-c2vc", "4.19.2"), Map.entry("GHSA-v3xw-c963-f5hc", "2.9.10.4"),
            Map.entry("GHSA-xvch-5gv4-984h", "1.2.6"), Map.entry("GHSA-xxjr-mmjv-4gpg", "4.17.23"));

    /** Every verdict of every entry in the record that names a fixture package. */
    private static List<RangeVerdict> verdicts(OsvJson.Record record) {
        List<RangeVerdict> out = new ArrayList<>();
        for (OsvJson.Entry e : record.entries()) {
            for (Fixture f : FIXTURES) {
                if (e.pkg().names(f.ecosystem(), f.name())) {
                    out.add(AffectedRanges.evaluate(e.affected(), f.version(), VersionSchemes.forEcosystem(f.ecosystem())));
                }
            }
        }
        return out;
    }

    private static List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(DATA.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyPositiveAdvisoryAffectsItsFixtureWithTheExpectedFix() throws IOException {
        List<Path> files = files("osv-ghsa");
        assertThat(files).hasSize(40);
        for (Path file : files) {
            OsvJson.Record record = OsvJson.read(file);
            List<RangeVerdict> verdicts = verdicts(record);
            assertThat(verdicts).as(record.id()).isNotEmpty().noneMatch(v -> v instanceof RangeVerdict.Undecidable);
            List<Optional<String>> fixes = verdicts.stream()
                    .filter(RangeVerdict::isAffected)
                    .map(v -> ((RangeVerdict.Affected) v).fixedIn())
                    .toList();
            assertThat(fixes).as(record.id()).containsExactly(Optional.of(FIXED.get(record.id())));
        }
    }

    @Test
    void log4ShellAndText4ShellReportTheirFixes() throws IOException {
        OsvJson.Record log4shell = OsvJson.read(DATA.resolve("osv-ghsa/GHSA-jfh8-c2jp-5v3q.json"));
        assertThat(verdicts(log4shell)).contains(new RangeVerdict.Affected(Optional.of("2.15.0")));
        OsvJson.Record text4shell = OsvJson.read(DATA.resolve("osv-ghsa/GHSA-599f-7c49-w659.json"));
        assertThat(verdicts(text4shell)).containsExactly(new RangeVerdict.Affected(Optional.of("1.10.0")));
    }

    @Test
    void negativeAdvisoriesDoNotAffectTheFixtures() throws IOException {
        List<Path> files = files("osv-ghsa-negative");
        assertThat(files).hasSize(5);
        for (Path file : files) {
            OsvJson.Record record = OsvJson.read(file);
            assertThat(verdicts(record)).as(record.id()).allMatch(v -> v instanceof RangeVerdict.NotAffected);
        }
    }

    @Test
    void boundaryNegativesSitExactlyOnTheFix() throws IOException {
        // jackson-databind fixed 2.9.10 and lodash fixed 4.17.20: the fixed version itself is clean.
        for (String id : List.of("GHSA-f3j5-rmmp-3fc5", "GHSA-p6mc-m468-83gw")) {
            OsvJson.Record record = OsvJson.read(DATA.resolve("osv-ghsa-negative/" + id + ".json"));
            assertThat(verdicts(record)).as(id).isNotEmpty().allMatch(v -> v instanceof RangeVerdict.NotAffected);
        }
    }
}
