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

class GemspecCatalogerTest {
    private final GemspecCataloger cataloger = new GemspecCataloger();

    @Test
    void installedSpecificationsOnly() {
        Collected c = Collected.scan(cataloger, "gem");
        assertThat(c.warnings).isEmpty();
        // gems/rack-3.0.8/rack.gemspec is the gem's own source copy, not an install record
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty())).containsExactlyInAnyOrder(
                "pkg:gem/rack@3.0.8", "pkg:gem/nokogiri@1.15.5", "pkg:gem/json@2.6.1", "pkg:gem/oldstyle@0.9");
        assertThat(c.packages).allSatisfy(p -> assertThat(p.ecosystem()).isEqualTo(Ecosystem.GEM));
    }

    @Test
    void generatedFormFreezeLicencesAndRuntimeDependencies() {
        Collected c = Collected.scan(cataloger, "gem");
        Package rack = c.only("rack");
        assertThat(rack.licenses()).containsExactly("MIT");
        assertThat(rack.path()).isEqualTo("usr/local/bundle/specifications/rack-3.0.8.gemspec");
        // only development dependencies, and their add_dependency copies in the old else branch
        assertThat(rack.dependsOn()).isEmpty();
        assertThat(c.only("nokogiri").dependsOn()).containsExactly("racc");
        assertThat(c.only("json").licenses()).containsExactly("Ruby", "BSD-2-Clause");
    }

    @Test
    void handWrittenFormsPercentQSingleQuotesAndGemVersionNew() {
        Package old = Collected.scan(cataloger, "gem").only("oldstyle");
        assertThat(old.version()).isEqualTo("0.9");
        assertThat(old.licenses()).containsExactly("Apache-2.0");
        assertThat(old.dependsOn()).containsExactly("rack", "json");
    }

    @Test
    void stubLineIsTheFallback() {
        Collected c = Collected.read(cataloger, "specifications/x-1.gemspec", "# stub: x 1.2.3 ruby lib\nGem::Specification.new do |s|\n  s.name = NAME\nend\n");
        assertThat(c.only("x").version()).isEqualTo("1.2.3");
        Collected interpolated = Collected.read(cataloger, "specifications/y-2.gemspec",
                "# stub: y 2.0 ruby lib\n  s.name = \"y\"\n  s.version = \"#{Y::VERSION}\"\n");
        assertThat(interpolated.only("y").version()).isEqualTo("2.0");
    }

    @Test
    void neverEvaluated() {
        Collected c = Collected.read(cataloger, "specifications/evil-1.gemspec",
                "Gem::Specification.new do |s|\n  s.name = `rm -rf /`\n  s.version = File.read('/etc/passwd')\nend\n");
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).singleElement().asString().contains("no name assignment");
    }

    @Test
    void wants() {
        assertThat(cataloger.wants("usr/local/bundle/specifications/rack-3.0.8.gemspec")).isTrue();
        assertThat(cataloger.wants("var/lib/gems/3.1.0/specifications/default/json-2.6.1.gemspec")).isTrue();
        assertThat(cataloger.wants("usr/local/bundle/gems/rack-3.0.8/rack.gemspec")).isFalse();
        assertThat(cataloger.wants("app/myspecifications/x.gemspec")).isFalse();
        assertThat(cataloger.wants("usr/local/bundle/specifications/rack-3.0.8.gemspec.bak")).isFalse();
    }

    @Test
    void aHugeSpecIsReadInBoundedLinesAndCutAtMaxBytes() {
        Generated in = Generated.of("  s.name = \"big\".freeze\n  s.version = \"1\"\n  s.files = [", "\"lib/x.rb\".freeze, ", 100L << 20);
        Collected c = Collected.read(cataloger, "specifications/big-1.gemspec", in);
        assertThat(c.only("big").version()).isEqualTo("1");
        assertThat(in.consumed()).isLessThanOrEqualTo(cataloger.maxBytes() + 8192);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        Collected c = Collected.read(cataloger, "specifications/x.gemspec", new ByteArrayInputStream(Generated.garbage(seed, 100_000)));
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).hasSize(1);
    }
}
