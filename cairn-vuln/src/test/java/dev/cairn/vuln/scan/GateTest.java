package dev.cairn.vuln.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GateTest {
    static final LocalDate TODAY = LocalDate.of(2026, 1, 15);
    static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    static List<Finding> app1;

    @BeforeAll
    static void scan() {
        app1 = new Matcher(TestData.ghsaDb()).match(TestData.app1());
    }

    static Vex vex(String json) throws IOException {
        return Vex.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.vex.json");
    }

    @Test
    void failOnHighFailsWithACriticalFinding() {
        GateResult r = new Gate(Optional.of(Severity.HIGH), false, IgnoreRules.none(), Vex.none()).evaluate(app1, TODAY);
        assertThat(r.passed()).isFalse();
        assertThat(r.failing()).anyMatch(f -> f.id().equals(MatcherTest.LOG4SHELL));
        assertThat(r.failing()).allMatch(f -> f.level().atLeast(Severity.HIGH));
        assertThat(r.kept()).hasSameSizeAs(app1);
        assertThat(Gate.reportOnly().evaluate(app1, TODAY).passed()).isTrue();
    }

    @Test
    void ignoreUnfixedSuppressesOnlyNotFixed() {
        Finding unfixed = withFix(app1.get(0), FixState.NOT_FIXED);
        Finding unknown = withFix(app1.get(0), FixState.UNKNOWN);
        GateResult r = new Gate(Optional.of(Severity.LOW), true, IgnoreRules.none(), Vex.none())
                .evaluate(List.of(unfixed, unknown), TODAY);
        assertThat(r.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.finding()).isSameAs(unfixed);
            assertThat(s.why()).isInstanceOf(Suppression.Unfixed.class);
        });
        assertThat(r.kept()).containsExactly(unknown);
    }

    static Finding withFix(Finding f, FixState s) {
        return new Finding(f.id(), f.aliases(), f.pkg(), f.installedVersion(), s == FixState.FIXED ? f.fixedVersions() : List.of(),
                f.severity(), s, f.matchReason(), f.summary(), f.advisoryEcosystem(), Optional.empty());
    }

    @Test
    void ignoreRulesFromYamlMatchOnAliasPackageVersionAndFixState() {
        IgnoreRules rules = IgnoreRules.parse("""
                ignore:
                  - id: CVE-2021-44228            # an alias of GHSA-jfh8-c2jp-5v3q
                    package: org.apache.logging.log4j:log4j-core
                    version: 2.14.1
                    reason: JNDI lookups disabled with log4j2.formatMsgNoLookups; accepted by security team
                    expires: 2026-06-30
                  - package: lodash
                    fix-state: fixed
                    reason: lodash is only used at build time
                  - id: CVE-2022-42889
                    version: 1.10
                    reason: does not apply to 1.9
                """, "cairn-ignore.yaml");
        GateResult r = new Gate(Optional.of(Severity.CRITICAL), false, rules, Vex.none()).evaluate(app1, TODAY);
        assertThat(r.suppressed()).anyMatch(s -> s.finding().id().equals(MatcherTest.LOG4SHELL)
                && s.why() instanceof Suppression.IgnoredByRule rule && rule.reason().startsWith("JNDI lookups disabled"));
        assertThat(r.suppressed()).anyMatch(s -> s.finding().pkg().name().equals("lodash"));
        assertThat(r.kept()).noneMatch(f -> f.pkg().name().equals("lodash"));
        // the unquoted version 1.10 stays "1.10" and so does not match commons-text 1.9: Text4Shell is kept and fails the gate
        assertThat(rules.rules().get(2).version()).contains("1.10");
        assertThat(r.kept()).anyMatch(f -> f.id().equals(MatcherTest.TEXT4SHELL));
        assertThat(r.passed()).isFalse();
        assertThat(r.failing()).noneMatch(f -> f.id().equals(MatcherTest.LOG4SHELL));

        // after it expires the rule no longer applies, and the gate says so
        GateResult later = new Gate(Optional.of(Severity.CRITICAL), false, rules, Vex.none()).evaluate(app1, LocalDate.of(2026, 7, 1));
        assertThat(later.kept()).anyMatch(f -> f.id().equals(MatcherTest.LOG4SHELL));
        assertThat(later.warnings()).singleElement().asString().contains("expired on 2026-06-30");
    }

    @Test
    void ignoreRulesFromJson() {
        IgnoreRules rules = IgnoreRules.parse("{\"ignore\": [{\"id\": \"GHSA-599f-7c49-w659\", \"reason\": \"StringSubstitutor not used\"}]}", "x.json");
        GateResult r = new Gate(Optional.empty(), false, rules, Vex.none()).evaluate(app1, TODAY);
        assertThat(r.suppressed()).singleElement().satisfies(s -> assertThat(s.why().describe()).contains("StringSubstitutor not used"));
    }

    @Test
    void ruleWithoutReasonIsRefusedWithOneLine() {
        assertThatThrownBy(() -> IgnoreRules.parse("ignore:\n  - id: CVE-2021-44228\n", "cairn-ignore.yaml"))
                .isInstanceOf(CairnException.class)
                .hasMessage("ignore file cairn-ignore.yaml, rule 1 (CVE-2021-44228) has no reason; every rule needs one");
        assertThatThrownBy(() -> IgnoreRules.parse("ignore:\n  - id: CVE-1\n    reason: \"  \"\n", "f"))
                .hasMessageContaining("has no reason");
        assertThatThrownBy(() -> IgnoreRules.parse("ignore:\n  - reason: everything is fine\n", "f"))
                .hasMessageContaining("would ignore everything");
        assertThatThrownBy(() -> IgnoreRules.parse("ignore:\n  - id: CVE-1\n    reason: r\n    expire: 2026-01-01\n", "f"))
                .hasMessageContaining("unknown field 'expire'");
        assertThatThrownBy(() -> IgnoreRules.parse("ignore:\n  - id: CVE-1\n    reason: r\n    expires: soon\n", "f"))
                .hasMessageContaining("not a date");
        assertThatThrownBy(() -> IgnoreRules.parse("ignore: [unclosed", "f")).isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void openVexNotAffectedSuppressesWithJustification() throws IOException {
        Vex v = vex("""
                {
                  "@context": "https://openvex.dev/ns/v0.2.0",
                  "@id": "https://example.com/vex/app-1",
                  "author": "security@example.com",
                  "timestamp": "2026-01-01T00:00:00Z",
                  "version": 1,
                  "statements": [
                    {"vulnerability": {"name": "CVE-2021-44228"},
                     "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core"}],
                     "status": "not_affected",
                     "justification": "vulnerable_code_not_in_execute_path",
                     "impact_statement": "JndiLookup.class removed from the jar"},
                    {"vulnerability": {"name": "GHSA-599f-7c49-w659"},
                     "products": [{"@id": "pkg:maven/org.apache.commons/commons-text@1.8"}],
                     "status": "not_affected", "justification": "component_not_present"},
                    {"vulnerability": {"name": "CVE-2021-45046"},
                     "products": [{"@id": "pkg:oci/app-1", "subcomponents": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}],
                     "status": "affected"}
                  ]
                }
                """);
        GateResult r = new Gate(Optional.of(Severity.HIGH), false, IgnoreRules.none(), v).evaluate(app1, TODAY);
        assertThat(r.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.finding().id()).isEqualTo(MatcherTest.LOG4SHELL);
            Suppression.VexStatement st = (Suppression.VexStatement) s.why();
            assertThat(st.format()).isEqualTo(Vex.Format.OPENVEX);
            assertThat(st.status()).isEqualTo("not_affected");
            assertThat(st.justification()).contains("vulnerable_code_not_in_execute_path");
            assertThat(st.describe()).contains("JndiLookup.class removed");
        });
        // commons-text 1.8 is not 1.9; "affected" suppresses nothing
        assertThat(r.kept()).anyMatch(f -> f.id().equals(MatcherTest.TEXT4SHELL));
        assertThat(r.kept()).anyMatch(f -> f.id().equals("GHSA-7rjr-3q55-vv33"));
    }

    @Test
    void cycloneDxVexSuppressesByBomRefAndPurl() throws IOException {
        Vex v = vex("""
                {
                  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
                  "components": [{"bom-ref": "ct", "type": "library", "name": "commons-text",
                                  "purl": "pkg:maven/org.apache.commons/commons-text@1.9"}],
                  "vulnerabilities": [
                    {"id": "CVE-2022-42889", "affects": [{"ref": "ct"}],
                     "analysis": {"state": "not_affected", "justification": "code_not_reachable",
                                  "detail": "no interpolation of untrusted input"}},
                    {"id": "GHSA-p6xc-xr62-6r2g", "affects": [{"ref": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
                     "analysis": {"state": "false_positive"}},
                    {"id": "CVE-2021-44228", "affects": [{"ref": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
                     "analysis": {"state": "exploitable"}}
                  ]
                }
                """);
        GateResult r = new Gate(Optional.of(Severity.HIGH), false, IgnoreRules.none(), v).evaluate(app1, TODAY);
        assertThat(r.suppressed()).extracting(s -> s.finding().id())
                .containsExactlyInAnyOrder(MatcherTest.TEXT4SHELL, "GHSA-p6xc-xr62-6r2g");
        assertThat(r.suppressed()).anySatisfy(s -> assertThat(s.why().describe())
                .isEqualTo("VEX not_affected: code_not_reachable — no interpolation of untrusted input"));
        assertThat(r.kept()).anyMatch(f -> f.id().equals(MatcherTest.LOG4SHELL));
    }

    @Test
    void purlMatching() {
        assertThat(Vex.purlMatches("pkg:deb/debian/libssl3?distro=debian-12&arch=amd64",
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12")).isTrue();
        assertThat(Vex.purlMatches("pkg:deb/debian/libssl3@3.0.11-1~deb12u1",
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12")).isTrue();
        assertThat(Vex.purlMatches("pkg:deb/debian/libssl3?arch=arm64",
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12")).isFalse();
        assertThat(Vex.purlMatches("pkg:deb/debian/libssl3@3.0.11-1~deb12u2", "pkg:deb/debian/libssl3@3.0.11-1~deb12u1")).isFalse();
        assertThat(Vex.purlMatches("pkg:npm/libssl3", "pkg:deb/debian/libssl3@1")).isFalse();
        assertThat(Vex.purlMatches("not a purl", "pkg:deb/debian/libssl3@1")).isFalse();
    }

    @Test
    void unknownVexDocumentIsRefused() {
        assertThatThrownBy(() -> vex("{\"statements\": []}")).isInstanceOf(CairnException.class)
                .hasMessageContaining("neither OpenVEX");
        assertThatThrownBy(() -> vex("{\"a\": 1, \"a\": 2}")).isInstanceOf(CairnException.class);
    }
}
