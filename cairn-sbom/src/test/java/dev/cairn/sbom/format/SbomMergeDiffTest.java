package dev.cairn.sbom.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbomMergeDiffTest {
    static byte[] render(CycloneDxWriter w, MergedSbom m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(m, out);
        return out.toByteArray();
    }

    static Set<String> purls(Sbom s) {
        Set<String> out = new HashSet<>();
        s.packages().forEach(p -> out.add(Purls.of(p, s.os())));
        return out;
    }

    @Test
    void trivyApp1ToApp2RemovesExactlyCommonsText() throws IOException {
        SbomDiff.Result d = SbomDiff.diff(SbomReaderTest.read("trivy.app-1.docker-archive.cdx.json"), SbomReaderTest.read("trivy.app-2.docker-archive.cdx.json"));
        assertThat(d.added()).isEmpty();
        assertThat(d.changed()).isEmpty();
        assertThat(d.moved()).isEmpty();
        assertThat(d.removed()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(new SbomDiff.Key(Ecosystem.MAVEN, Optional.of("org.apache.commons"), "commons-text", Optional.empty()));
            assertThat(e.version()).isEqualTo("1.9");
        });
        assertThat(d.text()).isEqualTo("- maven org.apache.commons/commons-text 1.9\n0 added, 1 removed, 0 changed, 0 moved\n");
        JsonNode json = SchemaValidationTest.JSON.readTree(d.json());
        assertThat(json.path("removed").get(0).path("name").asText()).isEqualTo("commons-text");
        assertThat(json.path("added")).isEmpty();
    }

    @Test
    void sameSbomThroughThreeSourcesHasNoDifferences() throws IOException {
        Sbom layout = SbomReaderTest.read("trivy.app-1.oci-layout.cdx.json");
        assertThat(SbomDiff.diff(layout, SbomReaderTest.read("trivy.app-1.registry.cdx.json")).isEmpty()).isTrue();
        assertThat(SbomDiff.diff(layout, layout).text()).isEqualTo("0 added, 0 removed, 0 changed, 0 moved\n");
    }

    @Test
    void changesMovesAndArchitectures() {
        Sbom a = TestSboms.awkward();
        List<Package> changed = a.packages().stream().map(p -> switch (p.name()) {
            case "bash" -> Package.of(Ecosystem.DEB, "bash", "5.2.15-2+b7", p.path()).withQualifiers(p.qualifiers()).withLayer(p.layer());
            case "commons-lang3" -> p.withLayer(Optional.of(TestSboms.BASE));
            default -> p;
        }).filter(p -> !(p.name().equals("libstdc++6") && "i386".equals(p.qualifiers().get("arch")))).toList();
        Sbom b = new Sbom(a.subject(), a.os(), changed, List.of(), a.created());
        SbomDiff.Result d = SbomDiff.diff(a, b);
        assertThat(d.changed()).singleElement().satisfies(c -> {
            assertThat(c.key().name()).isEqualTo("bash");
            assertThat(c.from()).isEqualTo("5.2.15-2+b2");
            assertThat(c.to()).isEqualTo("5.2.15-2+b7");
        });
        assertThat(d.removed()).singleElement().satisfies(e -> assertThat(e.key().arch()).hasValue("i386"));
        assertThat(d.moved()).singleElement().satisfies(m -> assertThat(m.key().name()).isEqualTo("commons-lang3"));
        assertThat(d.added()).isEmpty();
        assertThat(d.text()).contains("~ deb bash (amd64) 5.2.15-2+b2 -> 5.2.15-2+b7", "- deb libstdc++6 (i386) 12.2.0-14", "> maven org.apache.commons/commons-lang3 3.11 layer");
    }

    @Test
    void flatMergeIsTheUnionByPurlAndReadsBack() throws IOException {
        Sbom one = SbomReaderTest.read("trivy.app-1.docker-archive.cdx.json");
        Sbom two = SbomReaderTest.read("trivy.app-2.docker-archive.cdx.json");
        MergedSbom merged = SbomMerge.merge(List.of(one, two), Optional.of("fleet"), Optional.of("2026.1"), false);
        byte[] json = render(CycloneDxWriter.json(), merged);
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        SchemaValidationTest.assertUniqueRefs(SchemaValidationTest.JSON.readTree(json));
        assertThat(new XmlParser().validate(render(CycloneDxWriter.xml(), merged), Version.VERSION_16)).isEmpty();

        Sbom back = SbomReader.read(new ByteArrayInputStream(json));
        Set<String> union = purls(one);
        union.addAll(purls(two));
        assertThat(back.packages()).hasSize(union.size());
        assertThat(purls(back)).isEqualTo(union);
        assertThat(back.subject().name()).isEqualTo("fleet");
        JsonNode root = SchemaValidationTest.JSON.readTree(json);
        assertThat(root.path("metadata").path("component").path("version").asText()).isEqualTo("2026.1");
        // dependencies survive: adduser still depends on passwd
        Package adduser = back.packages().stream().filter(p -> p.name().equals("adduser")).findFirst().orElseThrow();
        assertThat(adduser.dependsOn()).containsExactly("passwd");
    }

    @Test
    void hierarchicalMergeNestsEachInput() throws IOException {
        Sbom one = SbomReaderTest.read("trivy.app-1.registry.cdx.json");
        Sbom two = SbomReaderTest.read("trivy.app-2.docker-archive.cdx.json");
        MergedSbom merged = SbomMerge.merge(List.of(one, two), Optional.empty(), Optional.empty(), true);
        byte[] json = render(CycloneDxWriter.json(), merged);
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        assertThat(new XmlParser().validate(render(CycloneDxWriter.xml(), merged), Version.VERSION_16)).isEmpty();
        JsonNode root = SchemaValidationTest.JSON.readTree(json);
        SchemaValidationTest.assertUniqueRefs(root);
        assertThat(root.path("components")).hasSize(2);
        assertThat(root.path("components").get(0).path("name").asText()).isEqualTo("127.0.0.1:5000/demo/app:1");
        assertThat(root.path("components").get(0).path("components")).hasSize(148);
        assertThat(root.path("components").get(1).path("components")).hasSize(147);
        assertThat(root.path("metadata").path("component").path("name").asText()).isEqualTo("127.0.0.1:5000/demo/app:1 + fixtures/app-2.docker.tar");

        Sbom back = SbomReader.read(new ByteArrayInputStream(json));
        assertThat(back.packages()).hasSize(one.packages().size() + two.packages().size());
    }

    @Test
    void mergingNothingIsAnError() {
        assertThatThrownBy(() -> SbomMerge.merge(List.of(), Optional.empty(), Optional.empty(), false)).hasMessageContaining("nothing to merge");
    }
}
