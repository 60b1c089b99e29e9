package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn sbom}, {@code sbom diff}, {@code sbom merge} and SBOM attestations from the command line. */
class SbomCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String image(String tag) {
        return "oci:" + Fixtures.ociLayout() + ":" + tag;
    }

    @Test
    void cycloneDxOfApp1HasEveryEcosystemAndTheImageAsSubject() throws Exception {
        Path out = dir.resolve("app-1.cdx.json");
        Cli result = Cli.run("sbom", image("app-1"), "--output-file", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Found 147 packages").contains("(debian-12)");
        JsonNode bom = JSON.readTree(out.toFile());
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.at("/metadata/component/type").asText()).isEqualTo("container");
        assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(Fixtures.manifestDigest("app-1").toString());
        assertThat(bom.path("components").toString())
                .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
                .contains("pkg:npm/lodash@4.17.20")
                .contains("pkg:pypi/jinja2@3.1.2")
                .contains("pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12");
    }

    @Test
    void spdxAndTableOutputs() throws Exception {
        Cli spdx = Cli.run("sbom", "-o", "spdx-json", image("base"));
        assertThat(spdx.exitCode()).as(spdx.err()).isZero();
        JsonNode doc = JSON.readTree(spdx.out());
        assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        Cli table = Cli.run("sbom", "-o", "table", image("base"));
        assertThat(table.out()).contains("bash").contains("deb").contains("88 packages");
    }

    @Test
    void diffOfApp1AndApp2IsExactlyTheWhitedOutJar() {
        Cli diff = Cli.run("sbom", "diff", image("app-1"), image("app-2"));
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("- maven org.apache.commons/commons-text 1.9").contains("0 added, 1 removed, 0 changed");
    }

    @Test
    void mergeOfFileAndImage() throws Exception {
        Path base = dir.resolve("base.json");
        assertThat(Cli.run("sbom", image("base"), "--output-file", base.toString()).exitCode()).isZero();
        Path merged = dir.resolve("merged.json");
        Cli result = Cli.run("sbom", "merge", "--hierarchical", "--name", "release", "--version", "1.0", base.toString(), image("app-2"),
                "--output-file", merged.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode bom = JSON.readTree(merged.toFile());
        assertThat(bom.at("/metadata/component/name").asText()).isEqualTo("release");
        assertThat(bom.path("components")).hasSize(2);
    }

    @Test
    void unknownFormatAndMissingImageAreClearErrors() {
        Cli format = Cli.run("sbom", "-o", "yaml", image("base"));
        assertThat(format.exitCode()).isEqualTo(3);
        assertThat(format.err()).contains("unknown SBOM format 'yaml'");
        Cli missing = Cli.run("sbom", "oci:" + dir.resolve("nothing") + ":x");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err().lines()).hasSize(1);
    }

    @Test
    void attestingTheGeneratedSbomVerifies() throws Exception {
        Path layout = dir.resolve("layout");
        assertThat(Cli.run("copy", image("app-2"), "oci:" + layout + ":app").exitCode()).isZero();
        String prefix = dir.resolve("k").toString();
        assertThat(Cli.run("generate-key-pair", "--output-key-prefix", prefix).exitCode()).isZero();
        Cli attest = Cli.run("attest", "--key", prefix + ".key", "--type", "cyclonedx", "oci:" + layout + ":app");
        assertThat(attest.exitCode()).as(attest.err()).isZero();
        assertThat(attest.err()).contains("Generated cyclonedx-json SBOM with 146 packages");
        Path policy = Files.writeString(dir.resolve("no-commons-text.cel"),
                "!predicate.components.exists(c, c.name == 'commons-text')");
        Cli verify = Cli.run("verify-attestation", "--key", prefix + ".pub", "--type", "cyclonedx", "--policy", policy.toString(),
                "oci:" + layout + ":app");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }
}
