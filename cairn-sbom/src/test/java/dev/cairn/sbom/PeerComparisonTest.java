package dev.cairn.sbom;

import dev.cairn.oci.OciOptions;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.sbom.format.SbomReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cairn against trivy on the real fixture images: trivy's SBOMs were made offline for these exact
 * images (shared/fixtures/images/peer-sboms). Every deb, npm, PyPI and Maven package must agree
 * by PURL name and version; where the two differ on purpose, the test says who is right and why.
 */
class PeerComparisonTest {

    private static Sbom cairn(String tag) {
        return new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none())
                .fromLocation("oci:" + Fixtures.ociLayout() + ":" + tag, OciOptions.defaults(), SbomGenerator.Scope.SQUASHED);
    }

    private static Sbom trivy(String tag) throws IOException {
        // trivy was run on app-2 only as a docker-archive; the image is the same
        String source = tag.equals("app-2") ? "docker-archive" : "oci-layout";
        try (InputStream in = Files.newInputStream(Fixtures.imagesDir().resolve("peer-sboms/trivy." + tag + "." + source + ".cdx.json"))) {
            return SbomReader.read(in);
        }
    }

    /** ecosystem -> "namespace/name@version", qualifiers left out (compared separately below). */
    private static Map<Ecosystem, Set<String>> byEcosystem(Sbom sbom) {
        return sbom.packages().stream().collect(Collectors.groupingBy(Package::ecosystem, TreeMap::new,
                Collectors.mapping(p -> p.namespace().map(n -> n + "/").orElse("") + name(p) + "@" + p.version(),
                        Collectors.toCollection(TreeSet::new))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-1", "app-2"})
    void packageSetMatchesTrivyByNameAndVersion(String tag) throws IOException {
        Map<Ecosystem, Set<String>> ours = byEcosystem(cairn(tag));
        Map<Ecosystem, Set<String>> theirs = byEcosystem(trivy(tag));
        for (Ecosystem e : new Ecosystem[] {Ecosystem.DEB, Ecosystem.NPM, Ecosystem.PYPI, Ecosystem.MAVEN}) {
            // OS packages: trivy leaves the namespace to the distro qualifier; compare name@version only
            Set<String> a = e.operatingSystem() ? strip(ours.get(e)) : ours.get(e);
            Set<String> b = e.operatingSystem() ? strip(theirs.get(e)) : theirs.get(e);
            assertThat(a).as(e + " packages of " + tag).isEqualTo(b);
        }
        assertThat(ours.get(Ecosystem.DEB)).hasSize(88);
        assertThat(ours.get(Ecosystem.NPM)).hasSize(53);
        assertThat(ours.get(Ecosystem.PYPI)).containsExactlyInAnyOrder("jinja2@3.1.2", "packaging@23.0", "requests@2.28.1");
        assertThat(ours.get(Ecosystem.MAVEN)).hasSize(tag.equals("app-1") ? 3 : 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-1", "app-2"})
    void whiteoutOfCommonsTextIsHonouredLikeTrivy(String tag) {
        assertThat(cairn(tag).packages()).filteredOn(p -> p.name().equals("commons-text")).hasSize(tag.equals("app-1") ? 1 : 0);
    }

    /**
     * The one deliberate difference: trivy writes {@code distro=debian-12.15} from /etc/debian_version,
     * Cairn writes {@code distro=debian-12} from os-release's VERSION_ID. Advisories (Debian's security
     * tracker, OSV's "Debian:12") are keyed by the release, not the point release, so the major
     * version is what matching needs; the point release stays visible in os-release's PRETTY_NAME.
     */
    @org.junit.jupiter.api.Test
    void distroQualifierIsTheReleaseNotThePointRelease() throws IOException {
        Sbom ours = cairn("base");
        assertThat(ours.os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("debian-12"));
        assertThat(trivy("app-1").os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("debian-12.15"));
        Package bash = ours.packages().stream().filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
        assertThat(Purls.of(bash, ours.os())).startsWith("pkg:deb/debian/bash@").contains("distro=debian-12").doesNotContain("12.15");
    }

    /**
     * PyPI names are case-insensitive (PEP 503): trivy's component says "Jinja2" while its PURL says
     * jinja2; Cairn names the package as the PURL does. Compare the normalised form.
     */
    private static String name(Package p) {
        return p.ecosystem() == Ecosystem.PYPI ? p.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-") : p.name();
    }

    private static Set<String> strip(Set<String> entries) {
        return entries.stream().map(s -> s.substring(s.indexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
    }
}
