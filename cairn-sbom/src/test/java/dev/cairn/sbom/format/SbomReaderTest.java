package dev.cairn.sbom.format;

import dev.cairn.model.Digest;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Sbom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SbomReaderTest {
    static Sbom read(String peer) throws IOException {
        try (InputStream in = Files.newInputStream(TestSboms.peer(peer))) {
            return SbomReader.read(in);
        }
    }

    static Map<Ecosystem, Long> counts(Sbom s) {
        return s.packages().stream().collect(Collectors.groupingBy(Package::ecosystem, Collectors.counting()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"trivy.app-1.oci-layout.cdx.json", "trivy.app-1.docker-archive.cdx.json", "trivy.app-1.registry.cdx.json"})
    void readsTrivyApp1(String peer) throws IOException {
        Sbom s = read(peer);
        assertThat(counts(s)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Ecosystem.DEB, 88L, Ecosystem.NPM, 53L, Ecosystem.PYPI, 3L, Ecosystem.MAVEN, 3L));
        assertThat(s.os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("debian-12.15"));
        assertThat(s.subject().container()).isTrue();
        assertThat(s.subject().layers()).hasSize(2);
        assertThat(s.warnings()).isEmpty();

        Package text = s.packages().stream().filter(p -> p.name().equals("commons-text")).findFirst().orElseThrow();
        assertThat(text.namespace()).hasValue("org.apache.commons");
        assertThat(text.version()).isEqualTo("1.9");
        assertThat(text.path()).isEqualTo("app/lib/commons-text-1.9.jar");
        assertThat(text.layer()).hasValue(Digest.parse("sha256:d4b9f96cd6086c58e119bd001bb4fbadbcc37dbab9c4c7229be5a6573705fb78"));

        Package adduser = s.packages().stream().filter(p -> p.name().equals("adduser")).findFirst().orElseThrow();
        assertThat(adduser.namespace()).as("the distro namespace moves to the OS release").isEmpty();
        assertThat(adduser.qualifiers()).containsEntry("arch", "all").doesNotContainKey("distro");
        assertThat(adduser.licenses()).containsExactly("GPL-2.0");
        assertThat(adduser.source()).hasValueSatisfying(src -> assertThat(src.name()).isEqualTo("adduser"));
        assertThat(adduser.dependsOn()).containsExactly("passwd");

        Package jinja = s.packages().stream().filter(p -> p.ecosystem() == Ecosystem.PYPI && p.name().equalsIgnoreCase("jinja2")).findFirst().orElseThrow();
        assertThat(jinja.name()).as("the component's own spelling").isEqualTo("Jinja2");
    }

    @Test
    void trivySourceVersionIsReassembledFromEpochVersionAndRelease() throws IOException {
        Sbom s = read("trivy.app-1.oci-layout.cdx.json");
        Package libc = s.packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc.source()).contains(new Package.Source("glibc", "2.36-9+deb12u14"));
        Package bsdutils = s.packages().stream().filter(p -> p.name().equals("bsdutils")).findFirst().orElseThrow();
        assertThat(bsdutils.source()).contains(new Package.Source("util-linux", "2.38.1-5+deb12u3"));
    }

    @Test
    void readsTrivyApp2() throws IOException {
        Sbom s = read("trivy.app-2.docker-archive.cdx.json");
        assertThat(counts(s)).containsEntry(Ecosystem.MAVEN, 2L).containsEntry(Ecosystem.DEB, 88L);
        assertThat(s.subject().layers()).hasSize(3);
    }

    @Test
    void registrySubjectHasTheImageDigest() throws IOException {
        assertThat(read("trivy.app-1.registry.cdx.json").subject().digest())
                .hasValue(Digest.parse("sha256:d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8"));
    }

    @Test
    void ourCycloneDxReadsBackToTheSamePackages() throws IOException {
        Sbom original = TestSboms.awkward();
        Sbom back = SbomReader.read(new ByteArrayInputStream(SchemaValidationTest.render(CycloneDxWriter.json(), original)));
        assertThat(back.subject()).isEqualTo(original.subject());
        assertThat(back.os().map(os -> os.distro())).isEqualTo(original.os().map(os -> os.distro()));
        // packages whose PURL packageurl-java cannot write (control characters, non-ASCII) have none and are not read back
        Map<String, Package> byPath = back.packages().stream().collect(Collectors.toMap(p -> p.path() + "|" + p.name() + "|" + p.qualifiers(), Function.identity()));
        int compared = 0;
        for (Package p : original.packages()) {
            Package q = byPath.get(p.path() + "|" + p.name() + "|" + p.qualifiers());
            if (q == null) {
                assertThat(p.name()).matches(n -> !n.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "only unwritable names are lost: " + p.name());
                continue;
            }
            compared++;
            assertThat(q.ecosystem()).isEqualTo(p.ecosystem());
            assertThat(q.namespace()).isEqualTo(p.namespace());
            assertThat(q.version()).isEqualTo(p.version());
            assertThat(q.layer()).isEqualTo(p.layer());
            assertThat(q.source()).isEqualTo(p.source());
        }
        assertThat(compared).isGreaterThanOrEqualTo(original.packages().size() - 2);
        Package bash = back.packages().stream().filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
        assertThat(bash.dependsOn()).containsExactly("libc6");
        Package core = back.packages().stream().filter(p -> p.name().equals("core")).findFirst().orElseThrow();
        assertThat(core.dependsOn()).containsExactlyInAnyOrder("ms", "@babel/parser");
    }

    @Test
    void ourSpdxReadsBack() throws IOException {
        Sbom original = TestSboms.awkward();
        Sbom back = SbomReader.read(new ByteArrayInputStream(SchemaValidationTest.render(new SpdxJsonWriter(), original)));
        assertThat(back.subject().name()).isEqualTo(original.subject().name());
        assertThat(back.subject().digest()).isEqualTo(original.subject().digest());
        assertThat(back.subject().container()).isTrue();
        assertThat(back.os().map(os -> os.distro())).hasValue("debian-12");
        // every package reads back now that Purls encodes hostile names correctly (unicode, control characters)
        assertThat(back.packages()).hasSize(original.packages().size());
        Package libc = back.packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc.path()).isEqualTo("var/lib/dpkg/status");
        assertThat(libc.layer()).hasValue(TestSboms.BASE);
        assertThat(libc.licenses()).singleElement().asString().startsWith("LGPL-2.1 AND GPL-2.0 AND LicenseRef-Custom-license-see-copyright");
        assertThat(libc.dependsOn()).containsExactly("libgcc-s1");
    }

    @Test
    void purlEscapesAreReadAsUtf8() throws IOException {
        String cdx = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "name": "x", "purl": "pkg:npm/%E2%9C%93@1.0.0"},
                  {"type": "library", "name": "caf\u00e9", "purl": "pkg:pypi/Caf%C3%A9_Lib@2.0?Arch=x86"},
                  {"type": "library", "name": "bad", "purl": "pkg:npm/%FF@1"}
                ]}
                """;
        Sbom s = SbomReader.read(new ByteArrayInputStream(cdx.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(s.packages()).extracting(Package::name).containsExactly("\u2713", "caf\u00e9-lib");
        assertThat(s.packages().get(1).qualifiers()).containsEntry("arch", "x86");
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("bad"));
    }

    @Test
    void notAnSbomIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SbomReader.read(new ByteArrayInputStream("{\"hello\":1}".getBytes())))
                .hasMessageContaining("not a CycloneDX or SPDX");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SbomReader.read(new ByteArrayInputStream("[1,2".getBytes())))
                .hasMessageContaining("not valid JSON");
    }

    /**
     * A large document is converted in slices on several threads; packages, the OS release, nested
     * components and warnings must come out in document order, as one pass gives them.
     */
    @Test
    void largeSbomReadsInDocumentOrder() throws IOException {
        StringBuilder json = new StringBuilder("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [");
        java.util.List<String> packages = new java.util.ArrayList<>();
        java.util.List<String> warnings = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (i > 0) {
                json.append(',');
            }
            if (i == 1700) {
                json.append("{\"type\": \"operating-system\", \"name\": \"debian\", \"version\": \"12\"}");
            } else if (i % 7 == 3) {
                json.append("{\"type\": \"library\", \"name\": \"nopurl-").append(i).append("\"}");
                warnings.add("component 'nopurl-" + i + "' has no package URL; skipped");
            } else {
                json.append("{\"type\": \"library\", \"name\": \"p").append(i).append("\", \"purl\": \"pkg:npm/p").append(i)
                        .append("@1.0.").append(i).append('"');
                packages.add("p" + i);
                if (i % 500 == 1) { // a nested component, read right after its parent
                    json.append(", \"components\": [{\"type\": \"library\", \"name\": \"n").append(i)
                            .append("\", \"purl\": \"pkg:npm/n").append(i).append("@2.0.0\"}]");
                    packages.add("n" + i);
                }
                json.append('}');
            }
        }
        json.append("]}");
        Sbom s = SbomReader.read(new ByteArrayInputStream(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(s.packages()).extracting(Package::name).containsExactlyElementsOf(packages);
        assertThat(s.warnings()).containsExactlyElementsOf(warnings);
        assertThat(s.os()).hasValueSatisfying(os -> assertThat(os.id()).isEqualTo("debian"));
    }

    /** Warnings stop at 1,000 and one line says more were left out, however the slices split them. */
    @Test
    void warningsOfALargeSbomStopAtAThousand() throws IOException {
        StringBuilder json = new StringBuilder("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [");
        for (int i = 0; i < 2500; i++) {
            json.append(i > 0 ? "," : "").append("{\"type\": \"library\", \"name\": \"w").append(i).append("\"}");
        }
        json.append("]}");
        Sbom s = SbomReader.read(new ByteArrayInputStream(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(s.warnings()).hasSize(1001).endsWith("more warnings left out")
                .startsWith("component 'w0' has no package URL; skipped")
                .contains("component 'w999' has no package URL; skipped")
                .doesNotContain("component 'w1000' has no package URL; skipped");
    }
}
