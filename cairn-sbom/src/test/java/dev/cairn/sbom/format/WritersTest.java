package dev.cairn.sbom.format;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WritersTest {
    @Test
    void formatsById() {
        assertThat(SbomFormats.ids()).containsExactly("cyclonedx-json", "cyclonedx-xml", "spdx-json", "table");
        SbomFormats.ids().forEach(id -> assertThat(SbomFormats.byId(id).id()).isEqualTo(id));
    }

    @Test
    void tableIsSortedByTypeThenNameWithACount() throws IOException {
        String table = new String(SchemaValidationTest.render(new TableWriter(), TestSboms.awkward()), StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).matches("NAME +VERSION +TYPE");
        assertThat(lines.get(1)).matches("musl +1\\.2\\.4-r2 +apk");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("29 packages");
        List<String> types = new ArrayList<>();
        lines.subList(1, lines.size() - 1).forEach(l -> types.add(l.substring(l.lastIndexOf(' ') + 1)));
        assertThat(types).isSorted();
        assertThat(table).contains("org.apache.commons:commons-text", "@babel/core");
    }

    @Test
    void cycloneDxShape() throws IOException {
        JsonNode bom = SchemaValidationTest.JSON.readTree(SchemaValidationTest.render(CycloneDxWriter.json(), TestSboms.awkward()));
        JsonNode root = bom.path("metadata").path("component");
        assertThat(root.path("type").asText()).isEqualTo("container");
        assertThat(root.path("version").asText()).isEqualTo(TestSboms.IMAGE.toString());
        assertThat(root.path("purl").asText()).startsWith("pkg:oci/app@sha256%3A").endsWith("?repository_url=registry.example.com%3A5000%2Fdemo%2Fapp");
        assertThat(bom.path("metadata").path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(bom.path("metadata").path("tools").path("components").get(0).path("name").asText()).isEqualTo("cairn");
        JsonNode os = bom.path("components").get(0);
        assertThat(os.path("type").asText()).isEqualTo("operating-system");
        List<String> refs = new ArrayList<>();
        bom.path("components").forEach(c -> refs.add(c.path("bom-ref").asText()));
        assertThat(refs).contains("pkg:npm/lodash@4.17.20", "pkg:npm/lodash@4.17.20#app/other/node_modules/lodash/package.json");
        JsonNode text = find(bom, "commons-text");
        assertThat(text.path("group").asText()).isEqualTo("org.apache.commons");
        assertThat(text.path("licenses").get(0).path("license").path("id").asText()).isEqualTo("Apache-2.0");
        assertThat(find(bom, "commons-lang3").path("licenses").get(0).path("license").path("name").asText()).isEqualTo("Apache License, Version 2.0");
        assertThat(find(bom, "Jinja2").path("licenses").get(0).path("expression").asText()).isEqualTo("BSD-3-Clause OR MIT");
        assertThat(find(bom, "bash").path("properties").toString())
                .contains("cairn:layer:diffID", "cairn:file:path", "cairn:package:source", "cairn:package:sourceVersion");
        JsonNode rootDeps = bom.path("dependencies").get(0);
        assertThat(rootDeps.path("ref").asText()).isEqualTo(root.path("bom-ref").asText());
        assertThat(rootDeps.path("dependsOn").toString()).contains("os:debian-12", "pkg:npm/send@0.17.1").doesNotContain("pkg:npm/ms@2.1.1");

        JsonNode dir = SchemaValidationTest.JSON.readTree(SchemaValidationTest.render(CycloneDxWriter.json(), TestSboms.directory()));
        assertThat(dir.path("metadata").path("component").path("type").asText()).isEqualTo("file");
    }

    @Test
    void spdxShape() throws IOException {
        JsonNode doc = SchemaValidationTest.JSON.readTree(SchemaValidationTest.render(new SpdxJsonWriter(), TestSboms.awkward()));
        assertThat(doc.path("documentNamespace").asText()).matches("https://cairn\\.dev/spdx/image/[A-Za-z0-9.-]+-[0-9a-f-]{36}");
        assertThat(doc.path("creationInfo").path("creators").get(0).asText()).startsWith("Tool: cairn-");
        JsonNode libc = null;
        for (JsonNode p : doc.path("packages")) {
            if (p.path("name").asText().equals("libc6")) {
                libc = p;
            }
        }
        assertThat(libc).isNotNull();
        assertThat(libc.path("licenseDeclared").asText()).startsWith("LGPL-2.1 AND GPL-2.0 AND LicenseRef-");
        assertThat(libc.path("externalRefs").get(0).path("referenceLocator").asText()).startsWith("pkg:deb/debian/libc6@");
        assertThat(doc.path("hasExtractedLicensingInfos").get(0).path("extractedText").asText()).isEqualTo("Custom license: see copyright");
        assertThat(doc.path("relationships").toString()).contains("\"DESCRIBES\"", "\"CONTAINS\"", "\"DEPENDS_ON\"");
        String a = new SpdxJsonWriter().document(TestSboms.awkward()).path("documentNamespace").asText();
        String b = new SpdxJsonWriter().document(TestSboms.awkward()).path("documentNamespace").asText();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void licenseExpressions() {
        assertThat(SpdxLicenses.expression("mit or apache-2.0")).hasValue("MIT OR Apache-2.0");
        assertThat(SpdxLicenses.expression("(GPL-2.0+ WITH Classpath-exception-2.0) AND BSD-3-Clause")).hasValue("(GPL-2.0+ WITH Classpath-exception-2.0) AND BSD-3-Clause");
        assertThat(SpdxLicenses.expression("Apache License, Version 2.0")).isEmpty();
        assertThat(SpdxLicenses.expression("MIT AND")).isEmpty();
        assertThat(SpdxLicenses.expression("(MIT")).isEmpty();
    }

    private static JsonNode find(JsonNode bom, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name);
    }
}
