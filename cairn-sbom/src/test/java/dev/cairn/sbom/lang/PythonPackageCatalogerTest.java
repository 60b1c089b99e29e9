package dev.cairn.sbom.lang;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PythonPackageCatalogerTest {
    private final PythonPackageCataloger cataloger = new PythonPackageCataloger();

    @Test
    void findsTheThreePackagesOfTheApp1ImageAsTrivyDoes() {
        // the real files of the app-1 fixture image (usr/lib/python3/dist-packages)
        Collected c = Collected.scan(cataloger, "python");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).filteredOn(p -> p.path().startsWith("usr/lib/python3/dist-packages/") && !p.path().contains("apt"))
                .extracting(p -> Purls.of(p, Optional.empty()))
                .containsExactlyInAnyOrder("pkg:pypi/packaging@23.0", "pkg:pypi/requests@2.28.1", "pkg:pypi/jinja2@3.1.2");
        Package jinja = c.packages.stream().filter(p -> p.name().equals("jinja2")).findFirst().orElseThrow();
        assertThat(jinja.ecosystem()).isEqualTo(Ecosystem.PYPI);
        assertThat(jinja.path()).isEqualTo("usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO");
        assertThat(jinja.licenses()).containsExactly("BSD-3-Clause");
    }

    @Test
    void licenseFallsBackToEveryLicenceClassifierWhenTheHeaderIsMissing() {
        // packaging 23.0 has no License header; it is dual-licensed, and both classifiers say so
        // (trivy keeps only the first; we keep both rather than drop one of the two licences)
        Collected c = Collected.scan(cataloger, "python");
        assertThat(c.only("packaging").licenses()).containsExactly("Apache Software License", "BSD License");
    }

    @Test
    void licenseExpressionWinsOverHeaderAndClassifiers() {
        assertThat(Collected.scan(cataloger, "python").only("attrs").licenses()).containsExactly("MIT");
    }

    @Test
    void aPastedLicenceTextInTheLicenseHeaderFallsBackToClassifiers() {
        Package simplejson = Collected.scan(cataloger, "python").only("simplejson");
        assertThat(simplejson.version()).isEqualTo("3.19.1");
        assertThat(simplejson.path()).endsWith("EGG-INFO/PKG-INFO");
        assertThat(simplejson.licenses()).containsExactly("MIT License", "Academic Free License (AFL)");
    }

    @Test
    void requiresDistGivesNormalisedNamesAndSkipsExtras() {
        Collected c = Collected.scan(cataloger, "python");
        Package requests = c.packages.stream().filter(p -> p.version().equals("2.31.0")).findFirst().orElseThrow();
        assertThat(requests.dependsOn()).containsExactly("charset-normalizer", "idna", "urllib3", "certifi");
        assertThat(c.only("attrs").dependsOn()).containsExactly("importlib-metadata");
    }

    @Test
    void bodyIsNeverRead() {
        // the requests 2.31.0 body says "Name: not-a-header" after the blank line
        assertThat(Collected.scan(cataloger, "python").packages).extracting(Package::name).doesNotContain("not-a-header");
    }

    @Test
    void singleFileEggInfoWithCrlfLines() {
        Package apt = Collected.scan(cataloger, "python").only("python-apt");
        assertThat(apt.version()).isEqualTo("2.6.0");
        assertThat(apt.licenses()).containsExactly("GNU GPL");
    }

    @Test
    void pkgInfoOutsideSitePackagesIsNotWanted() {
        assertThat(cataloger.wants("usr/share/doc/notapackage/PKG-INFO")).isFalse();
        assertThat(cataloger.wants("opt/app/src/PKG-INFO")).isFalse();
        assertThat(cataloger.wants("usr/lib/python3.11/site-packages/foo-1.egg/EGG-INFO/PKG-INFO")).isTrue();
        assertThat(cataloger.wants("usr/lib/python3/dist-packages/foo-1.0.dist-info/RECORD")).isFalse();
        assertThat(Collected.scan(cataloger, "python").packages).extracting(Package::name).doesNotContain("docs-only");
    }

    @Test
    void namesAreNormalisedPerPep503() {
        assertThat(Pep503.normalise("Zope.Interface")).isEqualTo("zope-interface");
        assertThat(Pep503.normalise("ruamel__yaml.-clib")).isEqualTo("ruamel-yaml-clib");
        Collected c = Collected.read(cataloger, "site-packages/Foo_Bar-1.0.dist-info/METADATA", "Name: Foo_Bar\nVersion: 1.0\n");
        assertThat(Purls.of(c.only("foo-bar"), Optional.empty())).isEqualTo("pkg:pypi/foo-bar@1.0");
    }

    @Test
    void a100MegabyteMetadataIsReadOnlyUpToTheEndOfItsHeaders() {
        Generated in = Generated.of("Metadata-Version: 2.1\nName: big\nVersion: 1.0\n\n", "a long description line\n", 100L << 20);
        Collected c = Collected.read(cataloger, "site-packages/big-1.0.dist-info/METADATA", in);
        assertThat(c.only("big").version()).isEqualTo("1.0");
        assertThat(in.consumed()).isLessThan(64 * 1024);
    }

    @Test
    void aHugeFileWithoutNewlinesCostsOneBoundedLine() {
        Generated in = Generated.of("Name: x", "y", 40L << 20);
        Collected c = Collected.read(cataloger, "site-packages/x-1.dist-info/METADATA", in);
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).singleElement().asString().contains("no Version header");
    }

    @Test
    void malformedMetadataIsAWarning() {
        assertThat(Collected.read(cataloger, "a.egg-info", "Version: 1\n").warnings).singleElement().asString().contains("no Name");
        assertThat(Collected.read(cataloger, "a.egg-info", "").warnings).hasSize(1);
        assertThat(Collected.read(cataloger, "a.egg-info", "Name: ...\nVersion: 1\n").warnings).singleElement().asString().contains("unusable");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        Collected c = Collected.read(cataloger, "x.dist-info/METADATA", new ByteArrayInputStream(Generated.garbage(seed, 200_000)));
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).hasSize(1);
    }
}
