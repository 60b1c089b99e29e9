package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** cairn policy apply / test in-process, against a real registry with a signed and an unsigned image. */
class PolicyCliTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();
    static final SigningKeyPair KEY = SigningKeyPair.generate();
    static ManifestBlob signed;

    @TempDir
    Path tmp;

    @BeforeAll
    static void images() {
        RegistryStore store = registry.store("demo/signed");
        signed = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-1", store, Optional.of("v1"));
        new ImageSigner(KEY.signer(), Clock.systemUTC()).sign(new SubjectImage(store, signed.descriptor(), store.location()), Map.of(), SignatureFormat.LEGACY);
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-2", registry.store("demo/unsigned"), Optional.of("v1"));
    }

    private Path policy() throws Exception {
        String pem = new ObjectMapper().writeValueAsString(PublicKeys.toPem(KEY.publicKey()));
        return Files.writeString(tmp.resolve("policy.yaml"), """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: check-signature
                  annotations: {policies.kyverno.io/severity: high}
                spec:
                  rules:
                    - name: verify
                      match: {any: [{resources: {kinds: [Pod]}}]}
                      verifyImages:
                        - imageReferences: ['%s/demo/*']
                          failureAction: Enforce
                          attestors: [{entries: [{keys: {publicKeys: %s, rekor: {ignoreTlog: true}}}]}]
                """.formatted(registry.host(), pem));
    }

    private Path pod(String name, String image) throws Exception {
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  containers: [{name: c, image: '%s'}]
                """.formatted(name, registry.host() + image));
    }

    @Test
    void applyPinsTheSignedImageAndPrintsJsonWithAReport() throws Exception {
        Cli cli = Cli.run("policy", "apply", "--policy", policy().toString(), "--resource", pod("web", "/demo/signed:v1").toString(),
                "-o", "json", "--policy-report");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        JsonNode out = new ObjectMapper().readTree(cli.out());
        assertThat(out.path("results").get(0).path("result").asText()).isEqualTo("pass");
        assertThat(out.path("results").get(0).path("policy").asText()).isEqualTo("check-signature");
        assertThat(out.path("results").get(0).path("resource").asText()).isEqualTo("Pod/default/web");
        assertThat(out.path("resources").get(0).at("/spec/containers/0/image").asText())
                .isEqualTo(registry.host() + "/demo/signed:v1@" + signed.digest());
        assertThat(out.path("policyReports").get(0).path("summary").path("pass").asInt()).isEqualTo(1);
        assertThat(out.path("policyReports").get(0).at("/results/0/severity").asText()).isEqualTo("high");
    }

    @Test
    void applyExitsOneWhenAnEnforceRuleFails() throws Exception {
        Cli cli = Cli.run("policy", "apply", "-p", policy().toString(), "-r", pod("bad", "/demo/unsigned:v1").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("FAIL\tcheck-signature/verify\tPod/default/bad").contains("pass: 0, fail: 1");
    }

    @Test
    void invalidPolicyExitsThree() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), policy().toString().isEmpty() ? "" : Files.readString(policy()).replace("ignoreTlog: true", "ignoreTlog: false"));
        Cli cli = Cli.run("policy", "apply", "-p", bad.toString(), "-r", pod("web", "/demo/signed:v1").toString());
        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err()).startsWith("cairn: error: ").contains("transparency-log");
    }

    @Test
    void testRunsKyvernoTestFiles() throws Exception {
        policy();
        pod("web", "/demo/signed:v1");
        pod("bad", "/demo/unsigned:v1");
        Files.writeString(tmp.resolve("patched.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: '%s'}]
                """.formatted(registry.host() + "/demo/signed:v1@" + signed.digest()));
        Files.writeString(tmp.resolve("kyverno-test.yaml"), """
                apiVersion: cli.kyverno.io/v1alpha1
                kind: Test
                metadata: {name: signatures}
                policies: [policy.yaml]
                resources: [web.yaml, bad.yaml]
                results:
                  - {policy: check-signature, rule: verify, resources: [web], kind: Pod, result: pass, patchedResource: patched.yaml}
                  - {policy: check-signature, rule: verify, resources: [bad], kind: Pod, result: fail}
                """);
        Cli ok = Cli.run("policy", "test", tmp.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(0);
        assertThat(ok.out()).contains("2 tests passed and 0 tests failed");

        Files.writeString(tmp.resolve("kyverno-test.yaml"), Files.readString(tmp.resolve("kyverno-test.yaml")).replace("result: fail", "result: pass"));
        Cli mismatch = Cli.run("policy", "test", tmp.toString());
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.out()).contains("FAIL\tcheck-signature/verify\tbad\texpected pass, got fail");
    }
}
