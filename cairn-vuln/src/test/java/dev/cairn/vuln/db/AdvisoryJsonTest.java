package dev.cairn.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
