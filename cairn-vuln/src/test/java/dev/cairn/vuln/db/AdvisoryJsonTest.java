package dev.cairn.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdvisoryJsonTest {
    @Test
    void roundTripIsExactAndDeterministic() {
        Advisory a = new Advisory("GHSA-x", List.of("CVE-1", "PYSEC-2"), "sum \"quoted\" ☃",
                List.of(new Advisory.Severity("CVSS_V3", "CVSS:3.1/AV:N"), new Advisory.Severity("GHSA", "LOW")),
                List.of(new Advisory.Affected("PyPI", "Foo_Bar", new AffectedEntry(List.of(
                                new OsvRange(OsvRange.Type.GIT, Optional.of("https://g/r"), List.of(OsvEvent.introduced("0"), OsvEvent.fixed("abc"))),
                                new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(OsvEvent.introduced("1"), OsvEvent.lastAffected("2"), OsvEvent.limit("*")))),
                                List.of("1.0"))),
                        new Advisory.Affected("Debian:12", "foo", new AffectedEntry(List.of(), List.of()))),
                Optional.of(Instant.parse("2024-01-01T00:00:00.5Z")), "osv");
        byte[] json = AdvisoryJson.write(a);
        assertThat(AdvisoryJson.read(json)).isEqualTo(a);
        assertThat(AdvisoryJson.write(AdvisoryJson.read(json))).isEqualTo(json);
        Advisory noTime = new Advisory("X", List.of(), "", List.of(), List.of(), Optional.empty(), "alpine");
        assertThat(AdvisoryJson.read(AdvisoryJson.write(noTime))).isEqualTo(noTime);
    }

    @Test
    void headerIsTheRecordUpToItsAffectedEntries() {
        Advisory a = new Advisory("GHSA-h", List.of("CVE-9"), "header only",
                List.of(new Advisory.Severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
                List.of(new Advisory.Affected("npm", "left-pad", new AffectedEntry(
                        List.of(new OsvRange(OsvRange.Type.SEMVER, List.of(OsvEvent.introduced("0"), OsvEvent.fixed("1.3.0")))), List.of()))),
                Optional.empty(), "osv");
        assertThat(AdvisoryJson.readHeader(AdvisoryJson.write(a))).isEqualTo(a.header())
                .isEqualTo(new Advisory.Header("GHSA-h", List.of("CVE-9"), "header only", a.severities()));
        Advisory none = new Advisory("X", List.of(), "", List.of(), List.of(), Optional.empty(), "alpine");
        assertThat(AdvisoryJson.readHeader(AdvisoryJson.write(none))).isEqualTo(none.header());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00Z", "2021-12-09T06:34:41.679840Z", "2024-02-29T23:59:59.5Z",
            "0001-01-01T00:00:00Z", "1999-12-31T23:59:59.123456789Z", "2024-01-01T00:00:00.000000001Z",
            "2023-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.1234567890Z", "+12024-01-01T00:00:00Z"})
    void instantsReadExactlyAsInstantParseReadsThem(String text) {
        Object expected;
        try {
            expected = Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            expected = e.getClass();
        }
        Object actual;
        try {
            actual = AdvisoryJson.instant(text);
        } catch (java.time.format.DateTimeParseException e) {
            actual = e.getClass();
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void fieldsItDoesNotKnowAreSkipped() {
        String blob = "{\"id\":\"X\",\"extra\":{\"a\":[1,{\"b\":2}]},\"source\":\"osv\",\"summary\":\"s\",\"aliases\":[],"
                + "\"severities\":[{\"type\":\"CVSS_V3\",\"score\":\"x\",\"more\":[]}],\"affected\":[{\"ecosystem\":\"npm\","
                + "\"name\":\"a\",\"new\":true,\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}],\"versions\":[]}]}";
        Advisory a = AdvisoryJson.read(blob.getBytes(StandardCharsets.UTF_8));
        assertThat(a.id()).isEqualTo("X");
        assertThat(a.severities()).containsExactly(new Advisory.Severity("CVSS_V3", "x"));
        assertThat(a.affected()).singleElement().satisfies(af -> assertThat(af.ranges().ranges()).singleElement()
                .satisfies(r -> assertThat(r.events()).containsExactly(OsvEvent.introduced("0"))));
    }

    @Test
    void aBlobThatIsNotOursIsAnInvalidInputError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdvisoryJson.read("{\"affected\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(dev.cairn.model.CairnException.class).hasMessageContaining("rebuild it with an import");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdvisoryJson.read("[".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(dev.cairn.model.CairnException.class);
    }
}
