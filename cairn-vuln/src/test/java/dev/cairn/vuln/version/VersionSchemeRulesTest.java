package dev.cairn.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rejections, quirks kept on purpose, and the ecosystem mapping. */
class VersionSchemeRulesTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(DebianVersionScheme.INSTANCE, "a1.0"),
                Arguments.of(DebianVersionScheme.INSTANCE, "1.0-"),
                Arguments.of(DebianVersionScheme.INSTANCE, "x:1.0"),
                Arguments.of(DebianVersionScheme.INSTANCE, "1.0_1"),
                Arguments.of(DebianVersionScheme.INSTANCE, "99999999999:1.0"),
                Arguments.of(RpmVersionScheme.INSTANCE, "e:1.0"),
                Arguments.of(RpmVersionScheme.INSTANCE, "1.0-"),
                Arguments.of(RpmVersionScheme.INSTANCE, "1.0/2"),
                Arguments.of(ApkVersionScheme.INSTANCE, "a1"),
                Arguments.of(ApkVersionScheme.INSTANCE, "1.0_foo"),
                Arguments.of(ApkVersionScheme.INSTANCE, "1.0-1"),
                Arguments.of(ApkVersionScheme.INSTANCE, "1.0A"),
                Arguments.of(SemVerScheme.STRICT, "1.0"),
                Arguments.of(SemVerScheme.STRICT, "01.0.0"),
                Arguments.of(SemVerScheme.STRICT, "1.0.0-01"),
                Arguments.of(SemVerScheme.STRICT, "1.0.0-"),
                Arguments.of(SemVerScheme.STRICT, "1.0.0-a..b"),
                Arguments.of(SemVerScheme.STRICT, "1.0.0+"),
                Arguments.of(GoVersionScheme.INSTANCE, "1.2"),
                Arguments.of(GoVersionScheme.INSTANCE, "v1.2-pre"),
                Arguments.of(Pep440VersionScheme.INSTANCE, "1.0-beta-final"),
                Arguments.of(Pep440VersionScheme.INSTANCE, "french toast"),
                Arguments.of(Pep440VersionScheme.INSTANCE, "1.0+"),
                Arguments.of(RubyGemsVersionScheme.INSTANCE, "1..0"),
                Arguments.of(RubyGemsVersionScheme.INSTANCE, "junk"),
                Arguments.of(NuGetVersionScheme.INSTANCE, "1.0.0.0.0"),
                Arguments.of(NuGetVersionScheme.INSTANCE, "v1.0.0"),
                Arguments.of(MavenVersionScheme.INSTANCE, ""),
                Arguments.of(MavenVersionScheme.INSTANCE, "1.0 beta"),
                Arguments.of(MavenVersionScheme.INSTANCE, "1".repeat(VersionScheme.MAX_LENGTH + 1)));
    }

    @ParameterizedTest(name = "{0} rejects ''{1}''")
    @MethodSource("invalid")
    void rejectsAndRefusesToOrderInvalidVersions(VersionScheme scheme, String v) {
        assertThat(scheme.validate(v)).isPresent();
        assertThatThrownBy(() -> scheme.compare(v, "1"))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void dpkgEpochBeatsEverythingAfterIt() {
        assertThat(DebianVersionScheme.INSTANCE.compare("1:0.9", "2.0")).isPositive();
        assertThat(DebianVersionScheme.INSTANCE.compare("1.0~rc1", "1.0")).isNegative();
        assertThat(DebianVersionScheme.INSTANCE.compare("1.0", "1.0+b1")).isNegative();
    }

    /**
     * apk-tools 2 reads a dot group of zeros as "minus the zeros" and then a separate digit
     * token, so after {@code .0} a pre-release suffix no longer sorts before the end: apk itself
     * says {@code 1.0_rc1 > 1.0}. Cairn follows apk rather than intuition, because the scanner
     * must agree with what the package manager installs as an upgrade.
     */
    @Test
    void apkFollowsApkToolsForPreReleasesAfterAZeroGroup() {
        assertThat(ApkVersionScheme.INSTANCE.compare("1.0_rc1", "1.0")).isPositive();
        assertThat(ApkVersionScheme.INSTANCE.compare("1.1_rc1", "1.1")).isNegative();
        assertThat(ApkVersionScheme.INSTANCE.compare("1.01", "1.1")).isNegative();
    }

    @Test
    void goPseudoVersionsSitBetweenTheirBaseAndTheNextRelease() {
        GoVersionScheme go = GoVersionScheme.INSTANCE;
        assertThat(go.compare("v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5")).isNegative();
        assertThat(go.compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4")).isNegative();
        assertThat(go.compare("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200220183623-bac4c82f6975")).isNegative();
        assertThat(go.compare("v2.0.0+incompatible", "2.0.0")).isZero();
    }

    @Test
    void mapsOsvEcosystemsToSchemes() {
        assertThat(VersionSchemes.forEcosystem("Debian:12")).contains(DebianVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Ubuntu:22.04:LTS")).contains(DebianVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Ubuntu:Pro:18.04:LTS")).contains(DebianVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Alpine:v3.19")).contains(ApkVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Red Hat:enterprise_linux:9::appstream")).contains(RpmVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Rocky Linux:8")).contains(RpmVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("AlmaLinux:9")).contains(RpmVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("npm")).contains(SemVerScheme.STRICT);
        assertThat(VersionSchemes.forEcosystem("crates.io")).contains(SemVerScheme.STRICT);
        assertThat(VersionSchemes.forEcosystem("Packagist")).contains(SemVerScheme.LENIENT);
        assertThat(VersionSchemes.forEcosystem("Go")).contains(GoVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("PyPI")).contains(Pep440VersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("Maven")).contains(MavenVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("RubyGems")).contains(RubyGemsVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("NuGet")).contains(NuGetVersionScheme.INSTANCE);
        assertThat(VersionSchemes.forEcosystem("GIT")).isEmpty();
        assertThat(VersionSchemes.forEcosystem("pypi")).isEmpty();
        assertThat(VersionSchemes.forEcosystem("Nonesuch")).isEmpty();
        assertThat(VersionSchemes.forEcosystem(null)).isEmpty();
    }
}
