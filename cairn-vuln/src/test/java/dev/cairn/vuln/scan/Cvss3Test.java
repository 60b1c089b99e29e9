package dev.cairn.vuln.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.Advisory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** CVSS v3.1 base scores against published scores (NVD / the CVSS 3.1 calculator). */
class Cvss3Test {

    @ParameterizedTest
    @CsvSource({
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8, CRITICAL",
            // Log4Shell, CVE-2021-44228
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0, CRITICAL",
            // CVE-2021-45046
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H, 9.0, CRITICAL",
            // CVE-2021-45105
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:H, 8.6, HIGH",
            // CVE-2021-44832
            "CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:H, 6.6, MEDIUM",
            // CVE-2020-28500
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L, 5.3, MEDIUM",
            // CVE-2024-35195
            "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N, 5.6, MEDIUM",
            // CVE-2024-29041
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1, MEDIUM",
            // CVE-2023-32681
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N, 6.1, MEDIUM",
            // CVE-2021-23337 (PR:H, scope unchanged)
            "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H, 7.2, HIGH",
            // physical, low
            "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N, 1.6, LOW",
            // no impact
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0, NEGLIGIBLE",
            // 3.0 prefix, metrics in another order, temporal metrics ignored
            "CVSS:3.0/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:P/RL:O, 9.8, CRITICAL",
    })
    void baseScores(String vector, double score, Severity severity) {
        Cvss3.Score s = Cvss3.score(vector).orElseThrow();
        assertThat(s.baseScore()).isEqualTo(score);
        assertThat(s.severity()).isEqualTo(severity);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CVSS:3.1", "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:Q/C:H/I:H/A:H",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"})
    void notV3Vectors(String vector) {
        assertThat(Cvss3.score(vector)).isEmpty();
    }

    @Test
    void roundupAvoidsFloatingPointArtefacts() {
        assertThat(Cvss3.roundup(4.00000000001)).isEqualTo(4.0);
        assertThat(Cvss3.roundup(4.02)).isEqualTo(4.1);
        assertThat(Cvss3.roundup(9.999)).isEqualTo(10.0);
    }

    @Test
    void ratingPrefersComputedCvssThenSourceWord() {
        SeverityRating v3 = SeverityRating.of(List.of(new Advisory.Severity("GHSA", "MODERATE"),
                new Advisory.Severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")), "GHSA-jfh8-c2jp-5v3q");
        assertThat(v3.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(v3.method()).isEqualTo(SeverityRating.Method.CVSS_V31);
        assertThat(v3.score()).contains(10.0);

        // GHSA-gmj6-6f8f-6699 (jinja2) has only a CVSS v4 vector: the level is GHSA's word, and says so
        SeverityRating v4 = SeverityRating.of(TestData.osv(TestData.VULNDATA.resolve("osv-ghsa/GHSA-gmj6-6f8f-6699.json"))
                .severities(), "GHSA-gmj6-6f8f-6699");
        assertThat(v4.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(v4.method()).isEqualTo(SeverityRating.Method.CVSS_V4);
        assertThat(v4.vector().orElseThrow()).startsWith("CVSS:4.0/");
        assertThat(v4.note().orElseThrow()).contains("not computed").contains("GHSA");

        // GHSA-pxg6-pf52-xh8x (cookie) has no vector at all: database_specific LOW
        SeverityRating word = SeverityRating.of(TestData.osv(TestData.VULNDATA.resolve("osv-ghsa/GHSA-pxg6-pf52-xh8x.json"))
                .severities(), "GHSA-pxg6-pf52-xh8x");
        assertThat(word.severity()).isEqualTo(Severity.LOW);
        assertThat(word.method()).isEqualTo(SeverityRating.Method.SOURCE);

        assertThat(SeverityRating.of(List.of(new Advisory.Severity("DEBIAN", "unimportant")), "DSA").severity())
                .isEqualTo(Severity.NEGLIGIBLE);
        assertThat(SeverityRating.of(List.of(new Advisory.Severity("URGENCY", "high**")), "DSA").severity())
                .isEqualTo(Severity.HIGH);
        assertThat(SeverityRating.of(List.of(), "X")).isEqualTo(SeverityRating.UNKNOWN);
    }
}
