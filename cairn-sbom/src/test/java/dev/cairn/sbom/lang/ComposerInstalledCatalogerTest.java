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

class ComposerInstalledCatalogerTest {
    private final ComposerInstalledCataloger cataloger = new ComposerInstalledCataloger();

    @Test
    void composer2ObjectWithPackages() {
        Collected c = Collected.scan(cataloger, "composer/v2");
        assertThat(c.warnings).isEmpty();
        Package guzzle = c.only("guzzle");
        assertThat(guzzle.ecosystem()).isEqualTo(Ecosystem.COMPOSER);
        assertThat(Purls.of(guzzle, Optional.empty())).isEqualTo("pkg:composer/guzzlehttp/guzzle@7.8.1");
        assertThat(guzzle.licenses()).containsExactly("MIT");
        assertThat(guzzle.path()).isEqualTo("var/www/html/vendor/composer/installed.json");
        // php and ext-json are platform requirements; require-dev is not a runtime dependency
        assertThat(guzzle.dependsOn()).containsExactly("guzzlehttp/promises", "guzzlehttp/psr7", "psr/http-client", "symfony/deprecation-contracts");
    }

    @Test
    void versionKeepsItsLeadingVAsTrivyDoes() {
        Package mb = Collected.scan(cataloger, "composer/v2").only("polyfill-mbstring");
        assertThat(mb.version()).isEqualTo("v1.28.0");
        assertThat(mb.namespace()).contains("symfony");
        assertThat(mb.licenses()).containsExactly("MIT", "BSD-3-Clause");
        assertThat(mb.dependsOn()).isEmpty();
    }

    @Test
    void composer1TopLevelArray() {
        Collected c = Collected.scan(cataloger, "composer/v1");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty()))
                .containsExactly("pkg:composer/monolog/monolog@1.27.1", "pkg:composer/psr/log@1.1.4");
        assertThat(c.only("monolog").dependsOn()).containsExactly("psr/log");
        assertThat(c.only("log").licenses()).containsExactly("MIT");
    }

    @Test
    void wants() {
        assertThat(cataloger.wants("app/vendor/composer/installed.json")).isTrue();
        assertThat(cataloger.wants("vendor/composer/installed.json")).isTrue();
        assertThat(cataloger.wants("app/vendor/composer/installed.php")).isFalse();
        assertThat(cataloger.wants("app/vendor/notcomposer/installed.json")).isFalse();
    }

    @Test
    void truncatedFileKeepsThePackagesBeforeTheDamageAndWarns() {
        String json = "{\"packages\":[{\"name\":\"a/b\",\"version\":\"1.0.0\"},{\"name\":\"c/d\",\"vers";
        Collected c = Collected.read(cataloger, "vendor/composer/installed.json", json);
        assertThat(c.packages).extracting(Package::name).containsExactly("b");
        assertThat(c.warnings).singleElement().asString().contains("malformed JSON");
    }

    @Test
    void deeplyNestedJsonIsAWarning() {
        Collected c = Collected.read(cataloger, "vendor/composer/installed.json", "[{\"extra\":" + "{\"a\":".repeat(50_000));
        assertThat(c.warnings).singleElement().asString().contains("nesting depth");
    }

    @Test
    void oddEntriesAreSkipped() {
        Collected c = Collected.read(cataloger, "vendor/composer/installed.json",
                "[1, \"x\", {\"name\":\"a/b\"}, {\"version\":\"1\"}, {\"name\":\"a/b/c\",\"version\":\"1\"}, {\"name\":\"nov\",\"version\":\"1\"}]");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("nov");
            assertThat(p.namespace()).isEmpty();
        });
        assertThat(Collected.read(cataloger, "vendor/composer/installed.json", "42").warnings).hasSize(1);
    }

    @Test
    void aHugeFileIsCutAndReported() {
        Generated in = new Generated("[", "{\"name\":\"a/b\",\"version\":\"1.0.0\",\"description\":\"padding padding padding\"},", 100L << 20, "]");
        Collected c = Collected.read(cataloger, "vendor/composer/installed.json", in);
        assertThat(c.packages).hasSize(ComposerInstalledCataloger.MAX_PACKAGES);
        assertThat(c.warnings).hasSize(2); // too many packages, then the cut at maxBytes
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        Collected c = Collected.read(cataloger, "vendor/composer/installed.json", new ByteArrayInputStream(Generated.garbage(seed, 50_000)));
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).hasSize(1);
    }
}
