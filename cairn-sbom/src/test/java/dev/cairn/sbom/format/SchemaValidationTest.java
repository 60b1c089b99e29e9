package dev.cairn.sbom.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cairn.sbom.Sbom;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every writer's output against the official schemas: CycloneDX 1.6 (JSON, XML) and SPDX 2.3. */
class SchemaValidationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static byte[] render(SbomWriter writer, Sbom sbom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(sbom, out);
        return out.toByteArray();
    }

    static List<String> validateSpdx(byte[] doc) throws IOException {
        JsonNode schemaNode;
        try (InputStream in = SchemaValidationTest.class.getClassLoader().getResourceAsStream("resources/spdx-schema-v2.3.json")) {
            assertThat(in).as("SPDX 2.3 schema from org.spdx:tools-java").isNotNull();
            schemaNode = JSON.readTree(in);
        }
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(schemaNode);
        return schema.validate(JSON.readTree(doc)).stream().map(Error::getMessage).toList();
    }

    @Test
    void cycloneDxJsonIsValid16() throws IOException {
        for (Sbom sbom : List.of(TestSboms.awkward(), TestSboms.directory())) {
            byte[] doc = render(CycloneDxWriter.json(), sbom);
            assertThat(new JsonParser().validate(doc, Version.VERSION_16)).isEmpty();
            JsonNode root = JSON.readTree(doc);
            assertThat(root.path("specVersion").asText()).isEqualTo("1.6");
            assertUniqueRefs(root);
        }
    }

    @Test
    void cycloneDxXmlIsValid16() throws Exception {
        for (Sbom sbom : List.of(TestSboms.awkward(), TestSboms.directory())) {
            byte[] doc = render(CycloneDxWriter.xml(), sbom);
            assertThat(new XmlParser().validate(doc, Version.VERSION_16)).isEmpty();
            assertThat(new XmlParser().parse(doc).getComponents()).hasSize(sbom.packages().size() + (sbom.os().isPresent() ? 1 : 0));
        }
    }

    @Test
    void spdxJsonIsValid23() throws IOException {
        for (Sbom sbom : List.of(TestSboms.awkward(), TestSboms.directory())) {
            byte[] doc = render(new SpdxJsonWriter(), sbom);
            assertThat(validateSpdx(doc)).isEmpty();
            JsonNode root = JSON.readTree(doc);
            Set<String> ids = new HashSet<>();
            for (JsonNode p : root.path("packages")) {
                assertThat(p.path("SPDXID").asText()).matches("SPDXRef-[A-Za-z0-9.-]+");
                assertThat(ids.add(p.path("SPDXID").asText())).as("unique SPDXID").isTrue();
            }
            for (JsonNode r : root.path("relationships")) {
                String from = r.path("spdxElementId").asText();
                assertThat(from.equals("SPDXRef-DOCUMENT") || ids.contains(from)).isTrue();
                assertThat(ids).contains(r.path("relatedSpdxElement").asText());
            }
        }
    }

    @Test
    void schemaValidatorsRejectBrokenDocuments() throws IOException {
        // the validators really look: a broken document fails
        assertThat(new JsonParser().validate("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"name\":1}]}".getBytes(), Version.VERSION_16)).isNotEmpty();
        assertThat(validateSpdx("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"x\"}]}".getBytes())).isNotEmpty();
    }

    static void assertUniqueRefs(JsonNode root) {
        Set<String> refs = new HashSet<>();
        refs.add(root.path("metadata").path("component").path("bom-ref").asText());
        collect(root.path("components"), refs);
        for (JsonNode d : root.path("dependencies")) {
            assertThat(refs).contains(d.path("ref").asText());
            for (JsonNode on : d.path("dependsOn")) {
                assertThat(refs).contains(on.asText());
            }
        }
    }

    private static void collect(JsonNode components, Set<String> refs) {
        for (JsonNode c : components) {
            assertThat(refs.add(c.path("bom-ref").asText())).as("unique bom-ref %s", c.path("bom-ref")).isTrue();
            collect(c.path("components"), refs);
        }
    }
}
