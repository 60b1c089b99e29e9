package dev.cairn.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.version.VersionScheme;
import dev.cairn.vuln.version.VersionSchemes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Go vulndb records (SEMVER ranges without the {@code v}, pseudo-versions, {@code +incompatible})
 * and PyPA advisory-db records, whose enumerated {@code versions} must all fall inside their
 * ECOSYSTEM ranges under PEP 440.
 */
class GoAndPyPiRecordsTest {
    private static final Path DATA = Path.of(System.getProperty("cairn.vulndata", "../../shared/vulndata"));
    private static final Optional<VersionScheme> GO = VersionSchemes.forEcosystem("Go");

    private static AffectedEntry goEntry(String file, String module) throws IOException {
        return OsvJson.read(DATA.resolve("osv-go/" + file)).entries().stream()
                .filter(e -> e.pkg().names("Go", module))
                .findFirst().orElseThrow().affected();
    }

    @Test
    void pseudoVersionFixInGolangXCrypto() throws IOException {
        AffectedEntry e = goEntry("GO-2020-0012.json", "golang.org/x/crypto");
        assertThat(AffectedRanges.evaluate(e, "v0.0.0-20200128174031-69ecbb4d6d5d", GO))
                .isEqualTo(new RangeVerdict.Affected(Optional.of("0.0.0-20200220183623-bac4c82f6975")));
        assertThat(AffectedRanges.evaluate(e, "v0.0.0-20200220183623-bac4c82f6975", GO)).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(AffectedRanges.evaluate(e, "v0.1.0", GO)).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void incompatibleFixInDockerDistribution() throws IOException {
        AffectedEntry e = goEntry("GO-2021-0072.json", "github.com/docker/distribution");
        assertThat(AffectedRanges.evaluate(e, "v2.6.2+incompatible", GO))
                .isEqualTo(new RangeVerdict.Affected(Optional.of("2.7.0-rc.0+incompatible")));
        assertThat(AffectedRanges.evaluate(e, "v2.7.0-rc.0+incompatible", GO)).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(AffectedRanges.evaluate(e, "v2.7.1+incompatible", GO)).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void pseudoVersionIntroducedWithoutFixInJwtGo() throws IOException {
        AffectedEntry e = goEntry("GO-2020-0017.json", "github.com/dgrijalva/jwt-go");
        assertThat(AffectedRanges.evaluate(e, "v3.2.0+incompatible", GO)).isEqualTo(new RangeVerdict.Affected(Optional.empty()));
        assertThat(AffectedRanges.evaluate(e, "v0.0.0-20150101000000-000000000000", GO)).isEqualTo(new RangeVerdict.NotAffected());
        AffectedEntry v4 = goEntry("GO-2020-0017.json", "github.com/dgrijalva/jwt-go/v4");
        assertThat(AffectedRanges.evaluate(v4, "v4.0.0-20190408214815-ec042acef3ad", GO))
                .isEqualTo(new RangeVerdict.Affected(Optional.of("4.0.0-preview1")));
        assertThat(AffectedRanges.evaluate(v4, "v4.0.0-preview1", GO)).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void everyGoRecordEvaluatesWithoutError() throws IOException {
        List<Path> files;
        try (var s = Files.list(DATA.resolve("osv-go"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        List<String> undecidable = new ArrayList<>();
        for (Path f : files) {
            for (OsvJson.Entry e : OsvJson.read(f).entries()) {
                RangeVerdict v = AffectedRanges.evaluate(e.affected(), "v0.0.1", GO);
                if (v instanceof RangeVerdict.Undecidable u) {
                    undecidable.add(f.getFileName() + ": " + u.reason());
                }
            }
        }
        assertThat(undecidable).isEmpty();
    }

    /** The few YAML fields needed here, read by hand: events and the versions list. */
    private static AffectedEntry pypiYaml(String path) throws IOException {
        List<OsvEvent> events = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        boolean inEcosystemRange = false;
        boolean inVersions = false;
        for (String raw : Files.readAllLines(DATA.resolve("osv-pypi/" + path))) {
            String l = raw.strip();
            if (l.startsWith("- type:")) {
                inEcosystemRange = l.endsWith("ECOSYSTEM");
                inVersions = false;
            } else if (l.equals("versions:")) {
                inVersions = true;
            } else if (inVersions && l.startsWith("- ")) {
                versions.add(unquote(l.substring(2)));
            } else if (!raw.startsWith("  ") && !raw.startsWith("- ")) {
                inVersions = false;
                inEcosystemRange = false;
            } else if (inEcosystemRange && l.startsWith("- introduced:")) {
                events.add(OsvEvent.introduced(unquote(l.substring("- introduced:".length()).strip())));
            } else if (inEcosystemRange && l.startsWith("- fixed:")) {
                events.add(OsvEvent.fixed(unquote(l.substring("- fixed:".length()).strip())));
            } else if (!l.startsWith("- ") && !l.startsWith("events:") && !l.startsWith("repo:")) {
                inVersions = false;
            }
        }
        return new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM, events)), versions);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("'") || s.startsWith("\"")) ? s.substring(1, s.length() - 1) : s;
    }

    @Test
    void pypiListedVersionsLieInsideTheirRanges() throws IOException {
        Optional<VersionScheme> pep440 = VersionSchemes.forEcosystem("PyPI");
        for (String file : List.of("jinja2/PYSEC-2019-217.yaml", "jinja2/PYSEC-2019-220.yaml",
                "jinja2/PYSEC-2021-66.yaml", "aiohttp/PYSEC-2021-76.yaml", "requests/PYSEC-2023-74.yaml",
                "requests/PYSEC-2018-28.yaml")) {
            AffectedEntry e = pypiYaml(file);
            assertThat(e.versions()).as(file).isNotEmpty();
            assertThat(e.ranges().get(0).events()).as(file).isNotEmpty();
            AffectedEntry rangesOnly = new AffectedEntry(e.ranges(), List.of());
            for (String v : e.versions()) {
                assertThat(AffectedRanges.evaluate(rangesOnly, v, pep440)).as("%s %s", file, v).matches(RangeVerdict::isAffected);
            }
        }
    }

    @Test
    void jinja2ReportsItsFixForARelease() throws IOException {
        AffectedEntry e = pypiYaml("jinja2/PYSEC-2019-217.yaml");
        Optional<VersionScheme> pep440 = VersionSchemes.forEcosystem("PyPI");
        assertThat(AffectedRanges.evaluate(e, "2.10", pep440)).isEqualTo(new RangeVerdict.Affected(Optional.of("2.10.1")));
        assertThat(AffectedRanges.evaluate(e, "2.10.1", pep440)).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(AffectedRanges.evaluate(e, "3.1.2", pep440)).isEqualTo(new RangeVerdict.NotAffected());
    }
}
