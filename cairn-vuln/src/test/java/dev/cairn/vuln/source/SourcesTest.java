package dev.cairn.vuln.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.OsvEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    @TempDir
    Path dir;

    static final class Collect implements RecordSink {
        final List<Advisory> accepted = new ArrayList<>();
        final List<String> withdrawn = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        @Override
        public void accept(Advisory advisory, String where) {
            accepted.add(advisory);
        }

        @Override
        public void withdrawn(String id, String where) {
            withdrawn.add(id);
        }

        @Override
        public void skip(String where, String reason, String detail) {
            skipped.add(reason + ": " + detail);
        }

        @Override
        public void warn(String where, String message) {
            warnings.add(message);
        }

        Advisory byId(String id) {
            return accepted.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
        }
    }

    private Collect read(Path p) throws IOException {
        Collect c = new Collect();
        Sources.of(p).read(c);
        return c;
    }

    @Test
    void debianTrackerJsonFromTheDocumentedShape() throws IOException {
        Path f = dir.resolve("tracker.json");
        Files.writeString(f, """
                {"openssl": {
                   "CVE-2023-0286": {"description": "X.400 address type confusion", "scope": "remote",
                     "releases": {
                       "bookworm": {"status": "resolved", "repositories": {"bookworm": "3.0.9-1"}, "fixed_version": "3.0.8-1", "urgency": "not yet assigned"},
                       "bullseye": {"status": "resolved", "repositories": {"bullseye": "1.1.1n-0+deb11u4"}, "fixed_version": "1.1.1n-0+deb11u4", "urgency": "high"},
                       "buster": {"status": "open", "repositories": {"buster": "1.1.1n-0+deb10u3"}, "urgency": "low"},
                       "sid": {"status": "resolved", "repositories": {"sid": "3.0.9-1"}, "fixed_version": "3.0.8-1", "urgency": "not yet assigned"}}},
                   "CVE-2010-5298": {"description": "never in Debian",
                     "releases": {"bookworm": {"status": "resolved", "fixed_version": "0", "urgency": "unimportant"}}}},
                 "curl": {
                   "TEMP-0000000-ABCDEF": {"releases": {"trixie": {"status": "undetermined", "urgency": "unimportant"}}}}}
                """);
        Collect c = read(f);
        assertThat(c.accepted).extracting(Advisory::id)
                .containsExactly("CVE-2023-0286/debian/openssl", "TEMP-0000000-ABCDEF/debian/curl");
        Advisory a = c.byId("CVE-2023-0286/debian/openssl");
        assertThat(a.aliases()).containsExactly("CVE-2023-0286");
        assertThat(a.source()).isEqualTo("debian");
        assertThat(a.summary()).isEqualTo("X.400 address type confusion");
        assertThat(a.severities()).containsExactly(new Advisory.Severity("DEBIAN_URGENCY", "high"));
        assertThat(a.affected()).extracting(Advisory.Affected::ecosystem).containsExactly("Debian:12", "Debian:11", "Debian:10");
        assertThat(a.affected().get(0).ranges().ranges().getFirst().events())
                .containsExactly(OsvEvent.introduced("0"), OsvEvent.fixed("3.0.8-1"));
        assertThat(a.affected().get(2).ranges().ranges().getFirst().events()).containsExactly(OsvEvent.introduced("0"));
        assertThat(c.byId("TEMP-0000000-ABCDEF/debian/curl").affected().getFirst().ecosystem()).isEqualTo("Debian:13");
        assertThat(c.skipped).containsExactly("no affected package: not affected in any known release");
    }

    @Test
    void debianListStatusesPerRelease() throws IOException {
        Path f = dir.resolve("DSA-list");
        Files.writeString(f, """
                [10 Jun 2023] DSA-5999-1 foo - security update
                \t{CVE-2023-1111 CVE-2023-2222}
                \t[bookworm] - foo 1.2-3+deb12u1
                \t[bullseye] - foo <not-affected> (Vulnerable code not present)
                \t[buster] - foo <unfixed>
                \t[stretch] - foo <end-of-life>
                \t[hamm] - foo 0.1-1
                \t[bookworm] - libfoo 2.0-1+deb12u1
                \tNOTE: a note
                [09 Jun 2023] DSA-5998-1 bar - security update
                \t[bullseye] - bar <not-affected> (according to the DSA)
                [garbage line
                \t[bookworm] - baz 1.0
                """);
        Collect c = read(f);
        assertThat(c.accepted).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("DSA-5999-1");
            assertThat(a.aliases()).containsExactly("CVE-2023-1111", "CVE-2023-2222");
            assertThat(a.affected()).extracting(x -> x.ecosystem() + " " + x.name())
                    .containsExactly("Debian:12 foo", "Debian:10 foo", "Debian:9 foo", "Debian:12 libfoo");
            assertThat(a.affected().get(1).ranges().ranges().getFirst().events()).containsExactly(OsvEvent.introduced("0"));
        });
        assertThat(c.warnings).singleElement().satisfies(w -> assertThat(w).contains("hamm"));
        assertThat(c.skipped).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("no affected package: DSA-5998-1"))
                .anySatisfy(s -> assertThat(s).startsWith("unparsable"));
    }

    @Test
    void alpineSecdbJsonAndYamlAgree() throws IOException {
        String yaml = """
                distroversion: v3.19
                reponame: main
                packages:
                  - pkg:
                      name: xen
                      secfixes:
                        4.18.0-r2:
                          - CVE-2023-46837 XSA-447
                        4.18.0-r1:
                          - CVE-2023-46837
                        0:
                          - CVE-2020-0000
                """;
        String json = """
                {"distroversion": "v3.19", "reponame": "main", "packages": [{"pkg": {"name": "xen",
                  "secfixes": {"4.18.0-r2": ["CVE-2023-46837 XSA-447"], "4.18.0-r1": ["CVE-2023-46837"], "0": ["CVE-2020-0000"]}}}]}
                """;
        Files.createDirectories(dir.resolve("y"));
        Files.createDirectories(dir.resolve("j"));
        Files.writeString(dir.resolve("y/main.yaml"), yaml);
        Files.writeString(dir.resolve("j/main.json"), json);
        Collect y = read(dir.resolve("y"));
        Collect j = read(dir.resolve("j"));
        assertThat(y.accepted).isEqualTo(j.accepted);
        assertThat(y.accepted).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("CVE-2023-46837/alpine-v3.19/xen");
            assertThat(a.aliases()).containsExactly("CVE-2023-46837", "XSA-447");
            assertThat(a.affected().getFirst().ecosystem()).isEqualTo("Alpine:v3.19");
            assertThat(a.affected().getFirst().ranges().ranges().getFirst().events())
                    .containsExactly(OsvEvent.introduced("0"), OsvEvent.fixed("4.18.0-r2"), OsvEvent.fixed("4.18.0-r1"));
        });
        assertThat(y.skipped).containsExactly("not affected: CVE-2020-0000/alpine-v3.19/xen: listed under 0 (never affected)");
    }

    @Test
    void osvZipArchiveWithJsonAndYamlEntries() throws IOException {
        Path zip = dir.resolve("all.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("GHSA-1111-2222-3333.json"));
            z.write("""
                    {"id": "GHSA-1111-2222-3333", "modified": "2024-01-02T03:04:05.123456Z", "aliases": ["CVE-2024-1"],
                     "summary": "s", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                                                 {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}],
                     "database_specific": {"severity": "HIGH"},
                     "affected": [{"package": {"ecosystem": "Maven", "name": "org.example:lib"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"last_affected": "1.5"}]},
                                              {"type": "FUTURE_TYPE", "events": [{"introduced": "0"}]}]},
                                  {"package": {"ecosystem": "SomethingNew", "name": "x"}}]}
                    """.getBytes());
            z.putNextEntry(new ZipEntry("dir/PYSEC-2024-1.yaml"));
            z.write("""
                    id: PYSEC-2024-1
                    modified: "2024-01-01T00:00:00Z"
                    details: |-
                      First line of details.
                      Second line.
                    affected:
                    - package: {name: Zope.Interface, ecosystem: PyPI}
                      versions: ["1.0", "1.1"]
                    """.getBytes());
            z.putNextEntry(new ZipEntry("README.txt"));
            z.write("hi".getBytes());
        }
        Collect c = read(zip);
        Advisory g = c.byId("GHSA-1111-2222-3333");
        assertThat(g.severities()).extracting(Advisory.Severity::type).containsExactly("CVSS_V3", "CVSS_V4", "GHSA");
        assertThat(g.severities().get(2).score()).isEqualTo("HIGH");
        assertThat(g.affected()).singleElement().satisfies(a -> assertThat(a.ranges().ranges()).hasSize(1));
        assertThat(g.modified()).hasValueSatisfying(m -> assertThat(m.toString()).isEqualTo("2024-01-02T03:04:05.123456Z"));
        Advisory p = c.byId("PYSEC-2024-1");
        assertThat(p.summary()).isEqualTo("First line of details.");
        assertThat(p.affected().getFirst().ranges().versions()).containsExactly("1.0", "1.1");
        assertThat(c.warnings).hasSize(3); // unknown range type, unknown ecosystem entry, README.txt
        assertThat(c.skipped).isEmpty();
    }

    @Test
    void pep503Normalisation() {
        assertThat(Ecosystems.normaliseName("PyPI", "Zope.Interface")).isEqualTo("zope-interface");
        assertThat(Ecosystems.normaliseName("PyPI", "foo__bar--.baz")).isEqualTo("foo-bar-baz");
        assertThat(Ecosystems.normaliseName("npm", "@Scope/Name")).isEqualTo("@Scope/Name");
        assertThat(Ecosystems.normaliseName("Maven", "Org.Example:Lib")).isEqualTo("Org.Example:Lib");
        assertThat(Ecosystems.base("Alpine:v3.19")).isEqualTo("Alpine");
    }
}
