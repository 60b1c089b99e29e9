package dev.cairn.sbom.format;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.sbom.Sbom;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attacks on the SBOM reader and writers, each named after what it tries. */
class HostileInputTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deeplyNestedCycloneDxIsRefused() {
        // components nested inside components, far deeper than any real SBOM
        StringBuilder b = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
        int depth = 5000;
        for (int i = 0; i < depth; i++) {
            b.append("{\"type\":\"library\",\"name\":\"n").append(i).append("\",\"components\":[");
        }
        b.append("]}".repeat(depth)).append("]}");
        assertThatThrownBy(() -> SbomReader.read(in(b.toString())))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("SBOM refused").hasMessageContaining("nesting depth");
    }

    @Test
    void deeplyNestedArraysAreRefused() {
        String s = "{\"bomFormat\":\"CycloneDX\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> SbomReader.read(in(s))).isInstanceOf(CairnException.class).hasMessageContaining("SBOM refused");
    }

    private static String components(int n) {
        StringBuilder b = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"library\",\"name\":\"p").append(i).append("\",\"purl\":\"pkg:npm/p").append(i).append("@1.0.0\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void hugeComponentListIsBounded() throws IOException {
        SbomReader.Limits limits = new SbomReader.Limits(10_000_000, 64, 1000);
        assertThat(SbomReader.read(in(components(1000)), limits).packages()).hasSize(1000);
        assertThatThrownBy(() -> SbomReader.read(in(components(1001)), limits))
                .isInstanceOf(CairnException.class).hasMessageContaining("more than 1000 components");
    }

    @Test
    void oversizedDocumentIsRefusedBeforeParsing() {
        byte[] big = new byte[2048];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> SbomReader.read(new ByteArrayInputStream(big), new SbomReader.Limits(1024, 64, 10)))
                .isInstanceOf(CairnException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        assertThatThrownBy(() -> SbomReader.read(in("{\"bomFormat\":\"CycloneDX\",\"bomFormat\":\"SPDX\"}")))
                .isInstanceOf(CairnException.class).hasMessageContaining("Duplicate field");
    }

    @Test
    void sbomWithDuplicateBomRefsIsHandled() throws IOException {
        String doc = """
                {"bomFormat":"CycloneDX","specVersion":"1.6",
                 "metadata":{"component":{"type":"container","bom-ref":"root","name":"img"}},
                 "components":[
                  {"type":"library","bom-ref":"dup","name":"a","version":"1","purl":"pkg:npm/a@1"},
                  {"type":"library","bom-ref":"dup","name":"b","version":"2","purl":"pkg:npm/b@2"},
                  {"type":"library","bom-ref":"c","name":"c","version":"3","purl":"pkg:npm/c@3"}],
                 "dependencies":[{"ref":"dup","dependsOn":["c","dup"]},{"ref":"c","dependsOn":["dup"]},{"ref":"root","dependsOn":["dup","c"]}]}
                """;
        Sbom s = SbomReader.read(in(doc));
        assertThat(s.packages()).extracting(p -> p.name()).containsExactly("a", "b", "c");
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("duplicate bom-ref 'dup'"));
        assertThat(s.packages().get(0).dependsOn()).containsExactly("c", "a");
        assertThat(s.packages().get(1).dependsOn()).isEmpty();
        // and writing it back gives every component a unique bom-ref, valid against the schema
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CycloneDxWriter.json().write(s, out);
        assertThat(new JsonParser().validate(out.toByteArray(), Version.VERSION_16)).isEmpty();
        SchemaValidationTest.assertUniqueRefs(SchemaValidationTest.JSON.readTree(out.toByteArray()));
    }

    @Test
    void malformedValuesAreWarningsNotFailures() throws IOException {
        String doc = """
                {"bomFormat":"CycloneDX","specVersion":"1.5",
                 "components":[
                  {"type":"library","name":"x","purl":"not a purl"},
                  {"type":"library","name":"y","purl":"pkg:npm/y@1","properties":[{"name":"aquasecurity:trivy:LayerDiffID","value":"sha256:zz"}]},
                  {"type":"library","name":"z"}]}
                """;
        Sbom s = SbomReader.read(in(doc));
        assertThat(s.packages()).singleElement().satisfies(p -> assertThat(p.layer()).isEmpty());
        assertThat(s.warnings()).hasSize(3);
    }

    @Test
    void terminalEscapesInPackageNamesAreNeutralisedInTableAndDiff() throws IOException {
        Sbom s = TestSboms.awkward();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TableWriter().write(s, out);
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).doesNotContain("\u001b").doesNotContain("\u0007").contains("evil\\u001b[31mred");
        Sbom empty = new Sbom(s.subject(), s.os(), java.util.List.of(), java.util.List.of(), s.created());
        assertThat(SbomDiff.diff(empty, s).text()).doesNotContain("\u001b");
    }

    @Test
    void unknownFormatIdListsTheValidOnes() {
        assertThatThrownBy(() -> SbomFormats.byId("cyclonedx"))
                .isInstanceOf(CairnException.class)
                .hasMessage("unknown SBOM format 'cyclonedx': valid formats are cyclonedx-json, cyclonedx-xml, spdx-json, table");
    }
}
