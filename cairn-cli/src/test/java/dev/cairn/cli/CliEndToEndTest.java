package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.crypto.CosignKeyFormat;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Platform;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands a user runs, in-process, against a real registry and OCI layouts; exit codes as documented. */
class CliEndToEndTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    @TempDir
    static Path dir;

    static String key;
    static String pub;

    @BeforeAll
    static void keys() {
        String prefix = dir.resolve("cosign").toString();
        Cli generated = Cli.run("generate-key-pair", "--output-key-prefix", prefix);
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        key = prefix + ".key";
        pub = prefix + ".pub";
    }

    private static String push(String fixture, String repository) {
        Cli copied = Cli.run("copy", "oci:" + Fixtures.ociLayout() + ":" + fixture, registry.host() + "/" + repository);
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        return registry.host() + "/" + repository + "@" + copied.out().strip();
    }

    @Test
    void generatedPrivateKeyIsOwnerOnlyAndNotOverwritten() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key)))).isEqualTo("rw-------");
        assertThat(Files.readString(Path.of(key))).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        Cli again = Cli.run("generate-key-pair", "--output-key-prefix", key.replace(".key", ""));
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).startsWith("cairn: error: refusing to overwrite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "legacy"})
    void signAndVerifyInRegistryWithJsonOutputAsCosign(String format) throws Exception {
        String image = push("app-1", "demo/cli-" + format);
        Cli signed = Cli.run("sign", "--key", key, "--format", format, "-a", "team=core", image);
        assertThat(signed.exitCode()).as(signed.err()).isZero();

        Cli verified = Cli.run("verify", "--key", pub, "-a", "team=core", image);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        JsonNode claims = new ObjectMapper().readTree(verified.out());
        assertThat(claims.isArray()).isTrue();
        assertThat(claims).hasSize(1);
        assertThat(claims.get(0).at("/critical/image/docker-manifest-digest").asText()).isEqualTo(Fixtures.manifestDigest("app-1").toString());
        assertThat(claims.get(0).at("/optional/team").asText()).isEqualTo("core");

        Cli wrongAnnotation = Cli.run("verify", "--key", pub, "-a", "team=other", image);
        assertThat(wrongAnnotation.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(wrongAnnotation.err()).contains("annotation team=other required, payload has team=core");
    }

    @Test
    void signingATagSaysWhichDigestWasSigned() {
        push("base", "demo/cli-tag:base");
        Cli signed = Cli.run("sign", "--key", key, registry.host() + "/demo/cli-tag:base");
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(signed.err()).contains("to " + Fixtures.manifestDigest("base") + "; signing the digest");
        Cli text = Cli.run("verify", "--key", pub, "--output", "text", registry.host() + "/demo/cli-tag:base");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("verified bundle signature referrer sha256:");
    }

    @Test
    void layoutAttestVerifyTreeAndDownload() throws Exception {
        Path layout = dir.resolve("layout");
        assertThat(Cli.run("copy", "oci:" + Fixtures.ociLayout() + ":app-2", "oci:" + layout + ":app").exitCode()).isZero();
        String image = "oci:" + layout + ":app";
        Path predicate = Files.writeString(dir.resolve("provenance.json"),
                "{\"runDetails\":{\"builder\":{\"id\":\"https://example.com/builder\"}}}");
        assertThat(Cli.run("attest", "--key", key, "--type", "slsaprovenance1", "--predicate", predicate.toString(), image).exitCode()).isZero();
        assertThat(Cli.run("attest", "--key", key, "--format", "legacy", "--type", "slsaprovenance1", "--predicate", predicate.toString(), image).exitCode()).isZero();

        Path good = Files.writeString(dir.resolve("good.cel"), "predicate.runDetails.builder.id == 'https://example.com/builder'");
        Path bad = Files.writeString(dir.resolve("bad.cel"), "predicate.runDetails.builder.id.startsWith('https://evil')");
        Cli verified = Cli.run("verify-attestation", "--key", pub, "--type", "slsaprovenance1", "--policy", good.toString(), image);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"payloadType\":\"application/vnd.in-toto+json\""));
        Cli violated = Cli.run("verify-attestation", "--key", pub, "--type", "slsaprovenance1", "--policy", bad.toString(), image);
        assertThat(violated.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(violated.err()).startsWith("cairn: policy failed for ").contains("expression evaluated to false");
        Cli none = Cli.run("verify-attestation", "--key", pub, "--type", "cyclonedx", image);
        assertThat(none.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(none.err()).contains("no attestation of type https://cyclonedx.org/bom for ");

        Cli tree = Cli.run("tree", image);
        assertThat(tree.out()).contains("Attestations: ").contains(".att").contains("Referrer https://slsa.dev/provenance/v1");
        Cli download = Cli.run("download", "attestation", image);
        assertThat(download.out().lines()).hasSize(2);
    }

    @Test
    void recursiveSigningOfAnIndexSignsEveryPlatformAndPlainSigningOnlyTheIndex() throws Exception {
        Path layout = dir.resolve("multi-recursive");
        ManifestBlob index = multiPlatformLayout(layout);
        String image = "oci:" + layout + ":multi";
        Cli signed = Cli.run("sign", "--key", key, "-r", image);
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(signed.err().lines().filter(l -> l.startsWith("Signed "))).hasSize(3);

        Cli onIndex = Cli.run("verify", "--key", pub, image);
        assertThat(onIndex.exitCode()).as(onIndex.err()).isZero();
        assertThat(new ObjectMapper().readTree(onIndex.out()).get(0).at("/critical/image/docker-manifest-digest").asText())
                .isEqualTo(index.digest().toString());
        for (String platform : List.of("linux/arm64", "linux/amd64")) {
            String child = platform.equals("linux/arm64") ? "app-2" : "app-1";
            Cli onChild = Cli.run("verify", "--key", pub, "--platform", platform, image);
            assertThat(onChild.exitCode()).as(onChild.err()).isZero();
            JsonNode claims = new ObjectMapper().readTree(onChild.out());
            assertThat(claims).hasSize(1);
            assertThat(claims.get(0).at("/critical/image/docker-manifest-digest").asText()).isEqualTo(Fixtures.manifestDigest(child).toString());
        }

        Path plain = dir.resolve("multi-plain");
        multiPlatformLayout(plain);
        String plainImage = "oci:" + plain + ":multi";
        Cli signedPlain = Cli.run("sign", "--key", key, plainImage);
        assertThat(signedPlain.exitCode()).as(signedPlain.err()).isZero();
        assertThat(signedPlain.err().lines().filter(l -> l.startsWith("Signed "))).hasSize(1);
        assertThat(Cli.run("verify", "--key", pub, plainImage).exitCode()).isZero();
        Cli childUnsigned = Cli.run("verify", "--key", pub, "--platform", "linux/arm64", plainImage);
        assertThat(childUnsigned.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(childUnsigned.err()).startsWith("cairn: verification failed: no signature for ")
                .contains(Fixtures.manifestDigest("app-2").toString());
    }

    /** An OCI layout with app-1 and app-2 and an OCI index tagged {@code multi} listing them as linux/amd64 and linux/arm64. */
    private static ManifestBlob multiPlatformLayout(Path layout) {
        List<Descriptor> children = new java.util.ArrayList<>();
        for (String app : List.of("app-1", "app-2")) {
            Cli copied = Cli.run("copy", "oci:" + Fixtures.ociLayout() + ":" + app, "oci:" + layout + ":" + app);
            assertThat(copied.exitCode()).as(copied.err()).isZero();
            ManifestBlob blob = OciLayout.at(layout).manifest(app).orElseThrow();
            assertThat(blob.digest()).isEqualTo(Fixtures.manifestDigest(app));
            String platform = app.equals("app-1") ? "linux/amd64" : "linux/arm64";
            children.add(new Descriptor(blob.mediaType(), blob.digest(), blob.bytes().length, Optional.empty(), Map.of(),
                    Optional.of(Platform.parse(platform))));
        }
        ManifestBlob index = ManifestCodec.toBlob(new Manifest.Index(MediaTypes.OCI_INDEX, children, Optional.empty(), Optional.empty(), Map.of()));
        OciLayout.at(layout).putManifest(index, Optional.of("multi"));
        return index;
    }

    @Test
    void blobSignAndVerify() throws Exception {
        Path blob = Files.write(dir.resolve("blob.bin"), new byte[] {1, 2, 3});
        Path bundle = dir.resolve("blob.sigstore.json");
        Cli signed = Cli.run("sign-blob", "--key", key, "--bundle", bundle.toString(), blob.toString());
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(signed.out().strip()).isBase64();
        assertThat(Cli.run("verify-blob", "--key", pub, "--bundle", bundle.toString(), blob.toString()).exitCode()).isZero();
        Files.write(blob, new byte[] {1, 2, 4});
        Cli tampered = Cli.run("verify-blob", "--key", pub, "--bundle", bundle.toString(), blob.toString());
        assertThat(tampered.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(tampered.err()).contains("bundle is for another file");
    }

    @Test
    void wrongPasswordIsAKeyErrorWithExitCode4() throws Exception {
        Path other = dir.resolve("other.key");
        Files.writeString(other, CosignKeyFormat.encrypt(SigningKeyPair.generate(), "not-the-env-password".toCharArray()));
        Cli result = Cli.run("sign-blob", "--key", other.toString(), other.toString());
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("cairn: error: cannot decrypt " + other + ": wrong password or corrupted key\n");
    }

    @Test
    void truncatedKeyFileIsAKeyErrorWithExitCode4() throws Exception {
        String text = Files.readString(Path.of(key));
        Path truncated = Files.writeString(dir.resolve("truncated.key"), text.substring(0, text.length() / 2));
        Cli result = Cli.run("sign-blob", "--key", truncated.toString(), truncated.toString());
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void unsignedImageFailsVerificationWithExitCode1AndSaysWhereItLooked() {
        String image = push("base", "demo/cli-unsigned");
        Cli result = Cli.run("verify", "--key", pub, image);
        assertThat(result.exitCode()).isEqualTo(Main.CHECK_FAILED);
        assertThat(result.err()).startsWith("cairn: verification failed: no signature for " + registry.host() + "/demo/cli-unsigned@sha256:")
                .contains("looked in referrers and tag sha256-");
    }

    @Test
    void missingImageIsNotFoundWithExitCode6() {
        Cli result = Cli.run("verify", "--key", pub, registry.host() + "/demo/nothing-here:1");
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err().lines()).singleElement().asString().startsWith("cairn: error: ");
    }

    @Test
    void malformedReferenceIsInvalidInputWithExitCode3() {
        Cli result = Cli.run("verify", "--key", pub, "Not A Reference");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("cairn: error: invalid image reference");
    }

    @Test
    void unknownFlagIsAUsageErrorWithExitCode2() {
        assertThat(Cli.run("sign", "--no-such-flag").exitCode()).isEqualTo(2);
    }
}
