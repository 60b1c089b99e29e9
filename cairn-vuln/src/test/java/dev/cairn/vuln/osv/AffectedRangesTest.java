package dev.cairn.vuln.osv;

import static dev.cairn.vuln.osv.OsvEvent.fixed;
import static dev.cairn.vuln.osv.OsvEvent.introduced;
import static dev.cairn.vuln.osv.OsvEvent.lastAffected;
import static dev.cairn.vuln.osv.OsvEvent.limit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import dev.cairn.vuln.version.VersionScheme;
import dev.cairn.vuln.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The OSV schema's Evaluation pseudocode, case by case. */
class AffectedRangesTest {
    private static final Optional<VersionScheme> NPM = VersionSchemes.forEcosystem("npm");
    private static final Optional<VersionScheme> MAVEN = VersionSchemes.forEcosystem("Maven");

    private static AffectedEntry entry(OsvRange.Type type, OsvEvent... events) {
        return new AffectedEntry(List.of(new OsvRange(type, List.of(events))), List.of());
    }

    private static RangeVerdict eval(AffectedEntry e, String v) {
        return AffectedRanges.evaluate(e, v, NPM);
    }

    private static RangeVerdict.Affected affected(String fixed) {
        return new RangeVerdict.Affected(Optional.ofNullable(fixed));
    }

    @Test
    void introducedZeroAloneAffectsEverything() {
        AffectedEntry e = entry(OsvRange.Type.SEMVER, introduced("0"));
        assertThat(eval(e, "0.0.0")).isEqualTo(affected(null));
        assertThat(eval(e, "99.0.0")).isEqualTo(affected(null));
    }

    @Test
    void fixedIsExclusiveIntroducedInclusive() {
        AffectedEntry e = entry(OsvRange.Type.SEMVER, introduced("1.0.0"), fixed("1.0.2"));
        assertThat(eval(e, "0.9.0")).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(eval(e, "1.0.0")).isEqualTo(affected("1.0.2"));
        assertThat(eval(e, "1.0.2-rc.1")).isEqualTo(affected("1.0.2"));
        assertThat(eval(e, "1.0.2")).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void severalIntervalsInOneRangeInAnyOrder() {
        List<OsvEvent> events = new ArrayList<>(List.of(
                introduced("1.0.0"), fixed("1.0.2"), introduced("3.0.0"), fixed("3.2.5")));
        Collections.reverse(events);
        AffectedEntry e = new AffectedEntry(List.of(new OsvRange(OsvRange.Type.SEMVER, events)), List.of());
        assertThat(eval(e, "1.0.1")).isEqualTo(affected("1.0.2"));
        assertThat(eval(e, "2.0.0")).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(eval(e, "3.1.0")).isEqualTo(affected("3.2.5"));
        assertThat(eval(e, "3.2.5")).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void lastAffectedIsInclusiveAndReportsNoFix() {
        AffectedEntry e = entry(OsvRange.Type.ECOSYSTEM, introduced("0"), lastAffected("29.0"));
        assertThat(AffectedRanges.evaluate(e, "29.0", MAVEN)).isEqualTo(affected(null));
        assertThat(AffectedRanges.evaluate(e, "29.0-jre", MAVEN)).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(AffectedRanges.evaluate(e, "29.0.1", MAVEN)).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void limitBoundsTheRange() {
        AffectedEntry e = entry(OsvRange.Type.SEMVER, introduced("0"), limit("2.0.0"));
        assertThat(eval(e, "1.9.9")).isEqualTo(affected(null));
        assertThat(eval(e, "2.0.0")).isEqualTo(new RangeVerdict.NotAffected());
        AffectedEntry unlimited = entry(OsvRange.Type.SEMVER, introduced("0"), limit("*"));
        assertThat(eval(unlimited, "9.0.0")).isEqualTo(affected(null));
    }

    @Test
    void reportsTheSmallestFixAboveTheInstalledVersionAcrossRanges() {
        AffectedEntry e = new AffectedEntry(List.of(
                new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(introduced("2.13.0"), fixed("2.16.0"))),
                new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(introduced("2.0"), fixed("2.15.0")))), List.of());
        assertThat(AffectedRanges.evaluate(e, "2.14.1", MAVEN)).isEqualTo(affected("2.15.0"));
    }

    @Test
    void versionsListMatchesExactly() {
        AffectedEntry e = new AffectedEntry(List.of(), List.of("1.0.0", "1.0.1"));
        assertThat(eval(e, "1.0.1")).isEqualTo(affected(null));
        assertThat(eval(e, "v1.0.1")).isEqualTo(new RangeVerdict.NotAffected());
        assertThat(AffectedRanges.evaluate(e, "1.0.0", Optional.empty())).isEqualTo(affected(null));
    }

    @Test
    void gitRangesDoNotMatchReleaseVersions() {
        AffectedEntry e = entry(OsvRange.Type.GIT, introduced("0"), fixed("2545222a3853e31ace15d87ae0e2effb7da0c96b"));
        assertThat(eval(e, "1.0.0")).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void invalidVersionsAreUndecidableNeverClean() {
        AffectedEntry e = entry(OsvRange.Type.SEMVER, introduced("0"), fixed("1.0.2"));
        assertThat(eval(e, "not-a-version")).isInstanceOf(RangeVerdict.Undecidable.class);
        AffectedEntry broken = entry(OsvRange.Type.SEMVER, introduced("0"), fixed("1.0"));
        assertThat(eval(broken, "1.0.0")).isInstanceOf(RangeVerdict.Undecidable.class);
        AffectedEntry ecosystem = entry(OsvRange.Type.ECOSYSTEM, introduced("0"));
        assertThat(AffectedRanges.evaluate(ecosystem, "1.0", Optional.empty())).isInstanceOf(RangeVerdict.Undecidable.class);
    }

    @Test
    void oneAffectingRangeOutweighsAnUndecidableOne() {
        AffectedEntry e = new AffectedEntry(List.of(
                new OsvRange(OsvRange.Type.SEMVER, List.of(introduced("0"), fixed("bogus"))),
                new OsvRange(OsvRange.Type.SEMVER, List.of(introduced("0"), fixed("2.0.0")))), List.of());
        assertThat(eval(e, "1.0.0")).isEqualTo(affected("2.0.0"));
    }

    @Test
    void introducedAndFixedAtTheSameVersionIsEmpty() {
        AffectedEntry e = entry(OsvRange.Type.SEMVER, fixed("1.0.0"), introduced("1.0.0"));
        assertThat(eval(e, "1.0.0")).isEqualTo(new RangeVerdict.NotAffected());
    }

    @Test
    void boundsTheInput() {
        List<OsvEvent> many = Collections.nCopies(OsvRange.MAX_EVENTS + 1, introduced("0"));
        assertThatThrownBy(() -> new OsvRange(OsvRange.Type.SEMVER, many)).isInstanceOf(CairnException.class);
        List<String> versions = Collections.nCopies(AffectedEntry.MAX_VERSIONS + 1, "1.0.0");
        assertThatThrownBy(() -> new AffectedEntry(List.of(), versions)).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> introduced("")).isInstanceOf(CairnException.class);
    }
}
