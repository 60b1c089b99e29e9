package dev.cairn.sbom.os;

import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OsReleaseCatalogerTest {
    static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            """;

    private static List<OsRelease> run(Map<String, String> files) throws Exception {
        OsReleaseCataloger c = new OsReleaseCataloger();
        List<OsRelease> found = new ArrayList<>();
        Emitter out = new Emitter() {
            @Override
            public void add(Package pkg) {
            }

            @Override
            public void os(OsRelease os) {
                found.add(os);
            }

            @Override
            public void warn(String path, String message) {
            }
        };
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertThat(c.wants(f.getKey())).isTrue();
            byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
            c.read(new FileEntry(f.getKey(), b.length, new ByteArrayInputStream(b), Optional.empty()), out);
        }
        c.finish(out);
        return found;
    }

    /**
     * We chose debian-12 (os-release VERSION_ID), where trivy writes debian-12.15 (from
     * /etc/debian_version): Debian's security tracker and OSV key advisories by major release, and
     * a point release changes with every image rebuild without changing which advisories apply.
     */
    @Test
    void debianUsesTheMajorReleaseFromOsReleaseNotThePointReleaseTrivyUses() throws Exception {
        assertThat(run(Map.of("usr/lib/os-release", DEBIAN_OS_RELEASE, "etc/debian_version", "12.15\n")))
                .singleElement().satisfies(os -> {
                    assertThat(os.distro()).isEqualTo("debian-12");
                    assertThat(os.codename()).contains("bookworm");
                    assertThat(os.prettyName()).contains("Debian GNU/Linux 12 (bookworm)");
                });
        // without os-release, debian_version is cut to its major number for the same reason
        assertThat(run(Map.of("etc/debian_version", "12.15\n"))).singleElement().satisfies(os -> assertThat(os.distro()).isEqualTo("debian-12"));
    }

    @Test
    void fallbacksAndPriority() throws Exception {
        assertThat(run(Map.of("etc/alpine-release", "3.19.1\n"))).singleElement().satisfies(os -> assertThat(os.distro()).isEqualTo("alpine-3.19.1"));
        assertThat(run(Map.of("etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n")))
                .singleElement().satisfies(os -> assertThat(os.distro()).isEqualTo("rhel-9.3"));
        assertThat(run(Map.of("etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)")))
                .singleElement().satisfies(os -> assertThat(os.distro()).isEqualTo("centos-7.9.2009"));
        // etc/os-release wins over usr/lib/os-release and the one-line files
        assertThat(run(Map.of("etc/os-release", "ID='ubuntu'\nVERSION_ID=\"22.04\"\n", "usr/lib/os-release", DEBIAN_OS_RELEASE, "etc/debian_version", "bookworm/sid")))
                .singleElement().satisfies(os -> assertThat(os.distro()).isEqualTo("ubuntu-22.04"));
        // an os-release without ID falls through to the next file
        assertThat(run(Map.of("etc/os-release", "NAME=nothing\n", "etc/alpine-release", "3.20.0")))
                .singleElement().satisfies(os -> assertThat(os.id()).isEqualTo("alpine"));
        assertThat(run(Map.of())).isEmpty();
    }

    @Test
    void quotedValuesAreUnquoted() {
        assertThat(OsReleaseCataloger.unquote("\"a \\\"b\\\" c\"")).isEqualTo("a \"b\" c");
        assertThat(OsReleaseCataloger.unquote("'x'")).isEqualTo("x");
        assertThat(OsReleaseCataloger.unquote("plain")).isEqualTo("plain");
    }
}
