package dev.cairn.policy.ivp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.Admission;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;
import dev.cairn.policy.sigstore.SigstoreFixture;
import dev.cairn.sign.SignatureFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.cairn.policy.sigstore.SigstoreFixture.KEY;
import static dev.cairn.policy.sigstore.SigstoreFixture.OTHER_KEY;
import static dev.cairn.policy.sigstore.SigstoreFixture.load;
import static dev.cairn.policy.sigstore.SigstoreFixture.pemBlock;
import static dev.cairn.policy.sigstore.SigstoreFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ImageValidatingPolicies against real signatures and attestations (bundle and legacy) in a real registry. */
class ImageValidatingPolicyTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    static SigstoreFixture.Pushed signed;
    static SigstoreFixture.Pushed unsigned;
    static SigstoreFixture.Pushed legacy;
    static final Verifications verifications = SigstoreFixture.verifications();

    @BeforeAll
    static void images() {
        signed = SigstoreFixture.push(registry, "demo/signed", "app-1");
        SigstoreFixture.sign(signed, KEY, SignatureFormat.BUNDLE);
        SigstoreFixture.attest(signed, KEY, "slsaprovenance1", SigstoreFixture.slsaProvenance(), SignatureFormat.BUNDLE);
        SigstoreFixture.attest(signed, KEY, "cyclonedx", SigstoreFixture.cycloneDx(), SignatureFormat.BUNDLE);
        legacy = SigstoreFixture.push(registry, "demo/legacy", "app-2");
        SigstoreFixture.sign(legacy, KEY, SignatureFormat.LEGACY);
        unsigned = SigstoreFixture.push(registry, "demo/unsigned", "base");
    }

    static String policy(String name, String validations) {
        return """
                apiVersion: policies.kyverno.io/v1
                kind: ImageValidatingPolicy
                metadata:
                  name: %s
                spec:
                  validationActions: [Deny]
                  matchConstraints:
                    resourceRules:
                    - apiGroups: [""]
                      apiVersions: [v1]
                      operations: [CREATE, UPDATE]
                      resources: [pods]
                  matchImageReferences:
                  - glob: "%s/demo/*"
                  attestors:
                  - name: team
                    cosign:
                      ctlog:
                        insecureIgnoreTlog: true
                      key:
                        data: |
                %s
                  - name: other
                    cosign:
                      ctlog:
                        insecureIgnoreTlog: true
                      key:
                        data: |
                %s
                  attestations:
                  - name: provenance
                    intoto:
                      type: https://slsa.dev/provenance/v1
                  - name: sbom
                    intoto:
                      type: cyclonedx
                  validations:
                %s
                """.formatted(name, registry.host(), pemBlock(KEY, 12), pemBlock(OTHER_KEY, 12), validations);
    }

    static final String SIGNED_BY_TEAM = """
              - expression: images.containers.map(i, verifyImageSignatures(i, [attestors.team])).all(n, n > 0)
                message: not signed by the team
            """;

    Decision decide(String yaml, AdmissionResource resource) {
        return Admission.decide(load(yaml), resource, verifications);
    }

    @Test
    void signedImagePassesAndIsPinnedTheKyvernoWay() {
        Decision decision = decide(policy("signed", SIGNED_BY_TEAM), pod(signed.reference()));
        assertThat(decision.allowed()).as(decision.message()).isTrue();
        assertThat(decision.patches()).singleElement().satisfies(p -> assertThat(p.pinned()).isEqualTo(signed.reference() + "@" + signed.digest()));
    }

    @Test
    void imageVolumeIsVerifiedAndPinnedAtItsOwnField() {
        ObjectNode object = (ObjectNode) pod(signed.reference()).object().deepCopy();
        ((ObjectNode) object.path("spec")).putArray("volumes").addObject().put("name", "model")
                .putObject("image").put("reference", signed.reference());
        Decision decision = decide(policy("signed", SIGNED_BY_TEAM), AdmissionResource.of(object));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.patches()).anySatisfy(p -> {
            assertThat(p.pointer()).isEqualTo("/spec/volumes/0/image/reference");
            assertThat(p.pinned()).isEqualTo(signed.reference() + "@" + signed.digest());
        });

        ObjectNode bypass = (ObjectNode) pod(signed.reference()).object().deepCopy();
        ((ObjectNode) bypass.path("spec")).putArray("volumes").addObject().put("name", "payload")
                .putObject("image").put("reference", unsigned.reference());
        assertThat(decide(policy("signed", SIGNED_BY_TEAM), AdmissionResource.of(bypass)).allowed()).isFalse();
    }

    @Test
    void bothCosignLayoutsVerify() {
        assertThat(decide(policy("signed", SIGNED_BY_TEAM), pod(legacy.reference(), signed.byDigest())).allowed()).isTrue();
    }

    @Test
    void unsignedImageIsDeniedWithThePolicyMessage() {
        Decision decision = decide(policy("signed", SIGNED_BY_TEAM), pod(signed.reference(), unsigned.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("signed/validate", "not signed by the team");
    }

    @Test
    void attestationsAndTheirPayloads() {
        String validations = """
                  - expression: images.containers.map(i, verifyAttestationSignatures(i, attestations.provenance, [attestors.team])).all(n, n > 0)
                    message: no provenance
                  - expression: images.containers.map(i, verifyAttestationSignatures(i, attestations.sbom, [attestors.team, attestors.other])).all(n, n == 1)
                    message: no sbom
                  - expression: >-
                      images.containers.all(i, extractPayload(i, attestations.provenance).predicate.buildDefinition.externalParameters.workflow.repository
                      == "https://github.com/example/app")
                    message: built from the wrong repository
                  - expression: images.containers.all(i, extractPayload(i, attestations.sbom).predicate.components.all(c, c.name != "event-stream"))
                    messageExpression: '"forbidden component in " + images.containers[0]'
                """;
        assertThat(decide(policy("attested", validations), pod(signed.reference())).allowed()).isTrue();

        Decision wrongRepo = decide(policy("attested", validations.replace("example/app", "evil/app")), pod(signed.reference()));
        assertThat(wrongRepo.message()).contains("built from the wrong repository");
        Decision forbidden = decide(policy("attested", validations.replace("event-stream", "left-pad")), pod(signed.reference()));
        assertThat(forbidden.message()).contains("forbidden component in " + signed.reference() + "@" + signed.digest());
        Decision missing = decide(policy("attested", validations), pod(legacy.reference()));
        assertThat(missing.allowed()).isFalse();
        assertThat(missing.message()).contains("no provenance");
    }

    @Test
    void payloadBeforeVerificationIsAnError() {
        Decision decision = decide(policy("sneaky", """
                  - expression: images.containers.all(i, extractPayload(i, attestations.sbom).predicate.bomFormat == "CycloneDX")
                """), pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.results()).anySatisfy(r -> {
            assertThat(r.status()).isEqualTo(RuleResult.Status.ERROR);
            assertThat(r.message()).contains("before verifying");
        });
    }

    @Test
    void verifyDigestFailsTagsWhenNothingPinsThem() {
        String yaml = policy("strict", SIGNED_BY_TEAM).replace("  validationActions: [Deny]\n",
                "  validationActions: [Deny]\n  validationConfigurations:\n    mutateDigest: false\n");
        Decision decision = decide(yaml, pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("does not have a digest");
        assertThat(decide(yaml, pod(signed.byDigest())).allowed()).isTrue();
    }

    @Test
    void requiredFailsAPolicyThatNeverVerified() {
        Decision decision = decide(policy("lazy", "  - expression: \"true\"\n"), pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("is not verified: no policy performed a signature or attestation check");
        // evidence from another policy in the same request satisfies it, as in Kyverno
        Decision together = decide(policy("lazy", "  - expression: \"true\"\n") + "---\n" + policy("signed", SIGNED_BY_TEAM), pod(signed.reference()));
        assertThat(together.allowed()).as(together.message()).isTrue();
        String optional = policy("lazy", "  - expression: \"true\"\n").replace("  validationActions: [Deny]\n",
                "  validationActions: [Deny]\n  validationConfigurations:\n    required: false\n");
        assertThat(decide(optional, pod(signed.reference())).allowed()).isTrue();
    }

    @Test
    void auditOnlyWarns() {
        Decision decision = decide(policy("audit", SIGNED_BY_TEAM).replace("[Deny]", "[Audit, Warn]"), pod(unsigned.reference()));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).singleElement().asString().contains("not signed by the team");
    }

    @Test
    void imagesOutsideMatchImageReferencesAreNotChecked() {
        SigstoreFixture.Pushed outside = SigstoreFixture.push(registry, "elsewhere/app", "base");
        Decision decision = decide(policy("signed", SIGNED_BY_TEAM), pod(outside.reference()));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.patches()).isEmpty();
        // Kyverno's glob is a wildcard over the image as written: demo/* also spans slashes
        SigstoreFixture.Pushed nested = SigstoreFixture.push(registry, "demo/team/app", "base");
        assertThat(decide(policy("signed", SIGNED_BY_TEAM), pod(nested.reference())).allowed()).isFalse();
    }

    @Test
    void podPoliciesApplyToDeploymentsThroughAutogen() {
        Decision decision = decide(policy("signed", SIGNED_BY_TEAM), SigstoreFixture.deployment(unsigned.reference()));
        assertThat(decision.allowed()).isFalse();
        Decision signedDeployment = decide(policy("signed", SIGNED_BY_TEAM), SigstoreFixture.deployment(signed.reference()));
        assertThat(signedDeployment.allowed()).isTrue();
        assertThat(signedDeployment.patches()).singleElement().satisfies(p -> assertThat(p.pointer()).isEqualTo("/spec/template/spec/containers/0/image"));
        String noAutogen = policy("signed", SIGNED_BY_TEAM).replace("  validationActions: [Deny]\n", "  validationActions: [Deny]\n  autogen:\n    podControllers:\n      controllers: []\n");
        assertThat(decide(noAutogen, SigstoreFixture.deployment(unsigned.reference())).allowed()).isTrue();
    }

    @Test
    void hugeComprehensionFailsCleanlyInsteadOfHanging() {
        String bomb = "  - expression: \"[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, "
                + "[1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, a + b + c + d + e + f > 0))))))\"\n";
        long start = System.nanoTime();
        Decision decision = decide(policy("bomb", bomb), pod(signed.reference()));
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.results()).anySatisfy(r -> assertThat(r.status()).isEqualTo(RuleResult.Status.ERROR));
    }

    @Test
    void attestorsAreLookedUpByNameSoLiteralsCannotBringTheirOwnKey() {
        Decision decision = decide(policy("forged", """
                  - expression: >-
                      images.containers.all(i, verifyImageSignatures(i, [{"name": "mine", "cosign": {"key": {"data": "x"}}}]) > 0)
                """), pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("not an attestor of policy forged");
    }

    @Test
    void unsupportedDocumentsAreRefusedWithOneLine() {
        refused(policy("p", SIGNED_BY_TEAM).replace("      ctlog:\n        insecureIgnoreTlog: true\n      key:", "      key:"), "insecureIgnoreTlog", "transparency log");
        refused(policy("p", SIGNED_BY_TEAM).replace("    cosign:\n      ctlog:", "    cosign:\n      keyless:\n        identities: []\n      ctlog:"),
                "keyless verification is not available yet");
        refused(policy("p", SIGNED_BY_TEAM).replace("    intoto:\n      type: cyclonedx", "    referrer:\n      type: sbom/cyclone-dx"), "referrer");
        refused(policy("p", "  - expression: images.containers.all(i, getImageData(i).config != null)\n"), "does not compile", "getImageData");
        refused(policy("p", "  - expression: images.containers.size()\n"), "must evaluate to bool");
        refused(policy("p", SIGNED_BY_TEAM).replace("  matchImageReferences:", "  variables:\n  - name: x\n    expression: \"1\"\n  matchImageReferences:"), "spec.variables");
        refused(policy("p", SIGNED_BY_TEAM).replace("  matchImageReferences:", "  matchImageRefs: []\n  matchImageReferences:"), "unknown field spec.matchImageRefs");
        refused(policy("p", SIGNED_BY_TEAM).replace("      resources: [pods]\n", "      resources: [pods]\n    namespaceSelector:\n      matchLabels:\n        team: a\n"), "namespaceSelector");
        refused(policy("p", SIGNED_BY_TEAM).replace("demo/*", "demo/[ab]*"), "glob");
        refused(policy("p", SIGNED_BY_TEAM) + "---\n" + policy("p", SIGNED_BY_TEAM), "a second ImageValidatingPolicy named p");
    }

    @Test
    void allThreeApiVersionsLoad() {
        for (String version : new String[] {"v1alpha1", "v1beta1", "v1"}) {
            assertThat(load(policy("p", SIGNED_BY_TEAM).replace("policies.kyverno.io/v1", "policies.kyverno.io/" + version)).policies()).hasSize(1);
        }
    }

    static void refused(String yaml, String... fragments) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }
}
