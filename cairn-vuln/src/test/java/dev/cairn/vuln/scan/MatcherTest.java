package dev.cairn.vuln.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MatcherTest {
    static final String LOG4SHELL = "GHSA-jfh8-c2jp-5v3q";
    static final String TEXT4SHELL = "GHSA-599f-7c49-w659";

    static Finding only(List<Finding> findings, String id, String pkg) {
        List<Finding> f = findings.stream().filter(x -> x.hasId(id) && x.pkg().name().equals(pkg)).toList();
        assertThat(f).as(id + " in " + pkg).hasSize(1);
        return f.get(0);
    }

    @Test
    void trivyApp1SbomFindsLog4ShellAndText4Shell() {
        List<Finding> findings = new Matcher(TestData.ghsaDb()).match(TestData.app1());

        Finding log4shell = only(findings, LOG4SHELL, "org.apache.logging.log4j:log4j-core");
        assertThat(log4shell.id()).isEqualTo(LOG4SHELL);
        assertThat(log4shell.aliases()).containsExactly("CVE-2021-44228");
        assertThat(log4shell.fixedVersions()).containsExactly("2.15.0");
        assertThat(log4shell.fixState()).isEqualTo(FixState.FIXED);
        assertThat(log4shell.level()).isEqualTo(Severity.CRITICAL);
        assertThat(log4shell.severity().score()).contains(10.0);
        assertThat(log4shell.matchReason()).isEqualTo(new MatchReason.Direct());
        assertThat(log4shell.installedVersion()).isEqualTo("2.14.1");
        assertThat(log4shell.pkg().purl()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4shell.pkg().path()).isEqualTo("app/lib/log4j-core-2.14.1.jar");
        assertThat(log4shell.advisoryEcosystem()).isEqualTo("Maven");

        Finding text4shell = only(findings, TEXT4SHELL, "org.apache.commons:commons-text");
        assertThat(text4shell.fixedVersions()).containsExactly("1.10.0");
        assertThat(text4shell.cve()).contains("CVE-2022-42889");
        assertThat(text4shell.level()).isEqualTo(Severity.CRITICAL);

        // the other log4j advisories with their first fixes (GhsaFixtureTest's expectations)
        assertThat(only(findings, "GHSA-7rjr-3q55-vv33", "org.apache.logging.log4j:log4j-core").fixedVersions()).containsExactly("2.16.0");
        assertThat(only(findings, "GHSA-p6xc-xr62-6r2g", "org.apache.logging.log4j:log4j-core").fixedVersions()).containsExactly("2.17.0");
        assertThat(only(findings, "GHSA-8489-44mv-ggj8", "org.apache.logging.log4j:log4j-core").fixedVersions()).containsExactly("2.17.1");
        assertThat(only(findings, "GHSA-29mw-wpgm-hmr9", "lodash").fixedVersions()).containsExactly("4.17.21");

        Set<String> negative = TestData.dir("osv-ghsa-negative").stream().map(Advisory::id).collect(Collectors.toSet());
        assertThat(findings).noneMatch(f -> f.allIds().stream().anyMatch(negative::contains));
        // nothing undecidable: every version in the SBOM is valid in its scheme
        assertThat(findings).allMatch(f -> f.fixState() != FixState.UNKNOWN);
        // one finding per (package, vulnerability)
        assertThat(findings.stream().map(f -> f.pkg().purl() + f.id()).distinct().count()).isEqualTo(findings.size());
    }

    @Test
    void trivyApp2SbomHasNoText4Shell() {
        List<Finding> findings = new Matcher(TestData.ghsaDb()).match(TestData.app2());
        assertThat(findings).noneMatch(f -> f.hasId(TEXT4SHELL) || f.hasId("CVE-2022-42889"));
        assertThat(findings).anyMatch(f -> f.hasId(LOG4SHELL));
    }

    // --- Debian: source packages and releases ---

    static final Advisory DSA_OPENSSL = new Advisory("DSA-5532-1", List.of("CVE-2023-5363"),
            "openssl security update", List.of(new Advisory.Severity("DEBIAN", "high")),
            List.of(new Advisory.Affected("Debian:12", "openssl", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM,
                    List.of(OsvEvent.introduced("0"), OsvEvent.fixed("3.0.11-1~deb12u2")))), List.of()))),
            Optional.of(Instant.parse("2023-10-24T00:00:00Z")), "debian");

    static Sbom debian(String versionId, Package... packages) {
        return new Sbom(new Sbom.Subject("debian-image", Optional.empty(), List.of(), true),
                Optional.of(new OsRelease("debian", versionId, Optional.empty(), Optional.empty())), List.of(packages), List.of(),
                Instant.EPOCH);
    }

    static Package libssl3(String version, String sourceVersion) {
        return Package.of(Ecosystem.DEB, "libssl3", version, "var/lib/dpkg/status")
                .withQualifiers(Map.of("arch", "amd64")).withSource("openssl", sourceVersion);
    }

    @Test
    void debianBinaryPackageMatchesItsSourcePackageAdvisoryInItsRelease() {
        Matcher m = new Matcher(new InMemoryAdvisoryDb(List.of(DSA_OPENSSL)));
        List<Finding> f = m.match(debian("12", libssl3("3.0.11-1~deb12u1", "3.0.11-1~deb12u1")));
        assertThat(f).hasSize(1);
        Finding finding = f.get(0);
        assertThat(finding.id()).isEqualTo("DSA-5532-1");
        assertThat(finding.matchReason()).isEqualTo(new MatchReason.ViaSourcePackage("openssl", "3.0.11-1~deb12u1"));
        assertThat(finding.matchReason().kind()).isEqualTo("VIA_SOURCE_PACKAGE");
        assertThat(finding.pkg().name()).isEqualTo("libssl3");
        assertThat(finding.pkg().purl()).isEqualTo("pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12");
        assertThat(finding.fixedVersions()).containsExactly("3.0.11-1~deb12u2");
        assertThat(finding.advisoryEcosystem()).isEqualTo("Debian:12");
        assertThat(finding.level()).isEqualTo(Severity.HIGH);

        // fixed version installed: nothing
        assertThat(m.match(debian("12", libssl3("3.0.11-1~deb12u2", "3.0.11-1~deb12u2")))).isEmpty();
        // the same package in a Debian 11 image: the Debian:12 entry does not apply
        assertThat(m.match(debian("11", libssl3("3.0.11-1~deb12u1", "3.0.11-1~deb12u1")))).isEmpty();
        // without an OS release the release cannot be checked: no match rather than a guess
        assertThat(m.match(libssl3("3.0.11-1~deb12u1", "3.0.11-1~deb12u1"), Optional.empty())).isEmpty();
    }

    @Test
    void trivyStylePointReleaseAndUpstreamOnlySourceVersion() {
        Matcher m = new Matcher(new InMemoryAdvisoryDb(List.of(DSA_OPENSSL)));
        // trivy: os "debian 12.15", SrcVersion without the Debian revision, binNMU on the binary
        List<Finding> f = m.match(debian("12.15", libssl3("3.0.11-1~deb12u1+b1", "3.0.11")));
        assertThat(f).hasSize(1);
        assertThat(f.get(0).installedVersion()).isEqualTo("3.0.11-1~deb12u1");
        assertThat(f.get(0).advisoryEcosystem()).isEqualTo("Debian:12");
    }

    @Test
    void epochQualifierIsPrefixedToTheSourceVersion() {
        Package login = Package.of(Ecosystem.DEB, "login", "4.13+dfsg1-1+deb12u1", "var/lib/dpkg/status")
                .withQualifiers(Map.of("epoch", "1")).withSource("shadow", "4.13+dfsg1");
        assertThat(Matcher.sourceVersion(login)).isEqualTo("1:4.13+dfsg1-1+deb12u1");
        // our dpkg cataloger already records the epoch in the source version
        assertThat(Matcher.sourceVersion(login.withSource("shadow", "1:4.13+dfsg1-1+deb12u1"))).isEqualTo("1:4.13+dfsg1-1+deb12u1");

        Advisory shadow = new Advisory("DSA-9999-1", List.of("CVE-2099-1"), "shadow", List.of(),
                List.of(new Advisory.Affected("Debian:12", "shadow", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM,
                        List.of(OsvEvent.introduced("0"), OsvEvent.fixed("1:4.13+dfsg1-1+deb12u2")))), List.of()))),
                Optional.empty(), "debian");
        // without the epoch 4.13... would sort below 1:4.13... and the fix would look far away; with it the match is exact
        List<Finding> f = new Matcher(new InMemoryAdvisoryDb(List.of(shadow))).match(debian("12", login));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.installedVersion()).isEqualTo("1:4.13+dfsg1-1+deb12u1");
            assertThat(x.fixedVersions()).containsExactly("1:4.13+dfsg1-1+deb12u2");
            assertThat(x.level()).isEqualTo(Severity.UNKNOWN);
        });
    }

    @Test
    void alpineReleaseIsMajorMinorWithV() {
        Advisory a = new Advisory("ALPINE-CVE-2024-1", List.of("CVE-2024-1"), "", List.of(),
                List.of(new Advisory.Affected("Alpine:v3.19", "openssl", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM,
                        List.of(OsvEvent.introduced("0"), OsvEvent.fixed("3.1.4-r5")))), List.of()))), Optional.empty(), "alpine");
        Package libcrypto = Package.of(Ecosystem.APK, "libcrypto3", "3.1.4-r1", "lib/apk/db/installed").withSource("openssl", "3.1.4-r1");
        Matcher m = new Matcher(new InMemoryAdvisoryDb(List.of(a)));
        OsRelease v319 = new OsRelease("alpine", "3.19.1", Optional.empty(), Optional.empty());
        OsRelease v320 = new OsRelease("alpine", "3.20.0", Optional.empty(), Optional.empty());
        assertThat(m.match(libcrypto, Optional.of(v319))).singleElement()
                .satisfies(f -> assertThat(f.matchReason()).isInstanceOf(MatchReason.ViaSourcePackage.class));
        assertThat(m.match(libcrypto, Optional.of(v320))).isEmpty();
    }

    @Test
    void ubuntuImagesUseUbuntuAdvisories() {
        OsvTarget t = OsvTarget.of(libssl3("3.0.2-0ubuntu1", "3.0.2-0ubuntu1"),
                Optional.of(new OsRelease("ubuntu", "22.04", Optional.empty(), Optional.empty()))).orElseThrow();
        assertThat(t.base()).isEqualTo("Ubuntu");
        assertThat(t.accepts("Ubuntu:22.04:LTS")).isTrue();
        assertThat(t.accepts("Ubuntu:Pro:22.04:LTS")).isTrue();
        assertThat(t.accepts("Ubuntu:20.04:LTS")).isFalse();
        assertThat(t.accepts("Debian:22.04")).isFalse();
    }

    @Test
    void languageEcosystemNamesAndSuffixes() {
        Package jar = Package.of(Ecosystem.MAVEN, "log4j-core", "2.14.1", "app.jar").withNamespace("org.apache.logging.log4j");
        assertThat(OsvTarget.packageName(jar)).isEqualTo("org.apache.logging.log4j:log4j-core");
        assertThat(OsvTarget.packageName(Package.of(Ecosystem.GOLANG, "net", "v0.1.0", "bin/app").withNamespace("golang.org/x")))
                .isEqualTo("golang.org/x/net");
        assertThat(OsvTarget.packageName(Package.of(Ecosystem.COMPOSER, "http-foundation", "5.0.0", "vendor/composer/installed.json")
                .withNamespace("symfony"))).isEqualTo("symfony/http-foundation");
        assertThat(OsvTarget.packageName(Package.of(Ecosystem.NPM, "core", "7.0.0", "node_modules/@babel/core/package.json")
                .withNamespace("@babel"))).isEqualTo("@babel/core");
        OsvTarget maven = OsvTarget.of(jar, Optional.empty()).orElseThrow();
        assertThat(maven.accepts("Maven")).isTrue();
        assertThat(maven.accepts("Maven:central")).isTrue();
        assertThat(maven.accepts("npm")).isFalse();
        for (Ecosystem e : Ecosystem.values()) {
            if (!e.operatingSystem()) {
                assertThat(OsvTarget.of(Package.of(e, "x", "1.0.0", "p"), Optional.empty())).isPresent();
            }
        }
    }

    @Test
    void pypiNamesCompareNormalised() {
        Advisory a = TestData.osv(TestData.VULNDATA.resolve("osv-ghsa/GHSA-h75v-3vvj-5mfj.json")); // package "Jinja2"
        Package jinja = Package.of(Ecosystem.PYPI, "jinja2", "3.1.2", "usr/lib/python3/site-packages/jinja2-3.1.2.dist-info/METADATA");
        List<Finding> f = new Matcher(new InMemoryAdvisoryDb(List.of(a))).match(jinja, Optional.empty());
        assertThat(f).singleElement().satisfies(x -> assertThat(x.fixedVersions()).containsExactly("3.1.4"));
    }

    // --- aliases ---

    static Advisory maven(String id, List<String> aliases, String fixed, String severityWord) {
        return new Advisory(id, aliases, id + " summary", List.of(new Advisory.Severity("GHSA", severityWord)),
                List.of(new Advisory.Affected("Maven", "org.example:lib", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM,
                        List.of(OsvEvent.introduced("0"), OsvEvent.fixed(fixed)))), List.of()))), Optional.empty(), "osv");
    }

    @Test
    void advisoriesLinkedByAliasMakeOneFinding() {
        Package lib = Package.of(Ecosystem.MAVEN, "lib", "1.0", "lib-1.0.jar").withNamespace("org.example");
        List<Advisory> advisories = List.of(
                maven("GHSA-aaaa-bbbb-cccc", List.of("CVE-2024-0001"), "1.2", "MODERATE"),
                maven("OSV-2024-7", List.of("CVE-2024-0001"), "1.1", "HIGH"),
                // linked only through the third record, which names both
                maven("GHSA-dddd-eeee-ffff", List.of("CVE-2024-0002"), "1.3", "LOW"),
                maven("PYSEC-LIKE-1", List.of("CVE-2024-0001", "CVE-2024-0002"), "1.2", "LOW"),
                // an unrelated vulnerability stays apart
                maven("GHSA-zzzz-zzzz-zzzz", List.of("CVE-2024-0009"), "2.0", "LOW"));
        List<Finding> f = new Matcher(new InMemoryAdvisoryDb(advisories)).match(lib, Optional.empty());
        assertThat(f).hasSize(2);
        Finding merged = f.stream().filter(x -> x.hasId("CVE-2024-0001")).findFirst().orElseThrow();
        assertThat(merged.id()).isEqualTo("GHSA-aaaa-bbbb-cccc");
        assertThat(merged.aliases()).containsExactly("CVE-2024-0001", "CVE-2024-0002", "GHSA-dddd-eeee-ffff", "OSV-2024-7",
                "PYSEC-LIKE-1");
        assertThat(merged.fixedVersions()).containsExactly("1.1", "1.2", "1.3");
        assertThat(merged.level()).isEqualTo(Severity.HIGH);
        assertThat(f).anyMatch(x -> x.id().equals("GHSA-zzzz-zzzz-zzzz") && x.aliases().equals(List.of("CVE-2024-0009")));
    }

    @Test
    void ghsaAndDsaForOneCveOnADebianPackageMerge() {
        Advisory debianCve = new Advisory("DEBIAN-CVE-2023-5363", List.of("CVE-2023-5363"), "", List.of(),
                List.of(new Advisory.Affected("Debian:12", "openssl", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.ECOSYSTEM,
                        List.of(OsvEvent.introduced("0"), OsvEvent.fixed("3.0.11-1~deb12u2")))), List.of()))),
                Optional.empty(), "osv");
        List<Finding> f = new Matcher(new InMemoryAdvisoryDb(List.of(DSA_OPENSSL, debianCve)))
                .match(debian("12", libssl3("3.0.11-1~deb12u1", "3.0.11-1~deb12u1")));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("DEBIAN-CVE-2023-5363");
            assertThat(x.aliases()).containsExactly("CVE-2023-5363", "DSA-5532-1");
            assertThat(x.level()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void openRangeIsNotFixedAndInvalidVersionIsUnknown() {
        Advisory open = new Advisory("GHSA-open-open-open", List.of(), "no fix", List.of(),
                List.of(new Advisory.Affected("npm", "left-pad", new AffectedEntry(List.of(new OsvRange(OsvRange.Type.SEMVER,
                        List.of(OsvEvent.introduced("0")))), List.of()))), Optional.empty(), "osv");
        Matcher m = new Matcher(new InMemoryAdvisoryDb(List.of(open)));
        assertThat(m.match(Package.of(Ecosystem.NPM, "left-pad", "1.3.0", "p"), Optional.empty()))
                .singleElement().satisfies(x -> assertThat(x.fixState()).isEqualTo(FixState.NOT_FIXED));
        assertThat(m.match(Package.of(Ecosystem.NPM, "left-pad", "not a version", "p"), Optional.empty()))
                .singleElement().satisfies(x -> {
                    assertThat(x.fixState()).isEqualTo(FixState.UNKNOWN);
                    assertThat(x.undecidable().orElseThrow()).contains("not a version");
                });
    }
}
