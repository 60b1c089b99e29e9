package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Digest;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.Admission;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.testing.SignedImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.cairn.policy.kyverno.Policies.clusterPolicy;
import static dev.cairn.policy.kyverno.Policies.keyEntry;
import static dev.cairn.policy.kyverno.Policies.load;
import static dev.cairn.policy.kyverno.Policies.pod;
import static dev.cairn.policy.testing.SignedImages.KEY_A;
import static dev.cairn.policy.testing.SignedImages.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

/** Kyverno verifyImages against the real registry, real signatures and attestations of the fixture images. */
class KyvernoVerifyImagesTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();
    static SignedImages images;
    static String host;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void images() throws Exception {
        images = new SignedImages(registry);
        host = images.host();
        images.push("app-1", "demo/signed", "v1");
        images.sign("demo/signed", "v1", KEY_A, Map.of("team", "core"));
        images.push("app-2", "demo/unsigned", "v1");
        images.push("app-1", "demo/swap", "v1");
        images.sign("demo/swap", "v1", KEY_A, Map.of());
        images.push("app-2", "demo/swap", "v1"); // the tag now names another image, never signed
        images.push("app-1", "demo/bundle", "v1");
        images.sign("demo/bundle", "v1", KEY_A, Map.of(), dev.cairn.sign.SignatureFormat.BUNDLE);
        images.push("app-1", "demo/attested", "v1");
        images.sign("demo/attested", "v1", KEY_A, Map.of());
        images.attest("demo/attested", "v1", KEY_A, SignedImages.SLSA_V1, JSON.readTree("""
                {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
                  "externalParameters": {"workflow": {"repository": "https://github.com/cairn/app", "ref": "refs/heads/main"}}},
                 "runDetails": {"builder": {"id": "https://github.com/actions/runner/v2"}, "metadata": {"invocationId": "42"}}}"""));
        images.attest("demo/attested", "v1", KEY_A, SignedImages.CYCLONEDX, JSON.readTree("""
                {"bomFormat": "CycloneDX", "specVersion": "1.6",
                 "components": [{"name": "openssl", "version": "3.0.15"}, {"name": "zlib", "version": "1.3.1"}]}"""));
    }

    private static Decision decide(PolicySet policies, AdmissionResource resource) {
        return Admission.decide(policies, resource, images.verifications());
    }

    private static String enforce(String references, String attestors) {
        return "{imageReferences: [" + references + "], failureAction: Enforce, attestors: [" + attestors + "]}";
    }

    @Test
    void signedImagePassesAndIsPinnedToItsDigest() {
        Digest digest = images.digest("demo/signed", "v1");
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/signed*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/signed:v1"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RuleResult.Status.PASS);
            assertThat(r.message()).startsWith("verified image signatures for " + host + "/demo/signed:v1");
        });
        assertThat(d.patches()).containsExactly(new RuleResult.ImagePatch("/spec/containers/0/image", host + "/demo/signed:v1@" + digest));
    }

    @Test
    void signatureByAnotherKeyIsRejected() {
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_B) + "]}"))),
                pod("default", host + "/demo/signed:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RuleResult.Status.FAIL);
            assertThat(r.message()).startsWith("failed to verify image " + host + "/demo/signed@sha256:")
                    .contains(".attestors[0].entries[0].keys: no valid signature");
        });
        assertThat(d.message()).contains("p/verify");
        assertThat(d.patches()).isEmpty();
    }

    @Test
    void bundleSignatureCountsOnlyForTypeSigstoreBundleAsInKyverno() {
        String cosign = enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}");
        Decision d = decide(load(clusterPolicy("p", cosign)), pod("default", host + "/demo/bundle:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::message).asString()
                .contains("no signatures found in cosign's .sig/.att tags (a valid Sigstore bundles signature exists");
        String bundle = cosign.replace("failureAction: Enforce", "failureAction: Enforce, type: SigstoreBundle");
        assertThat(decide(load(clusterPolicy("p", bundle)), pod("default", host + "/demo/bundle:v1")).allowed()).isTrue();
        assertThat(decide(load(clusterPolicy("p", bundle)), pod("default", host + "/demo/signed:v1")).allowed()).isFalse();
    }

    @Test
    void unsignedImageIsDenied() {
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/unsigned:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::message).asString().contains("no signature");
    }

    @Test
    void signatureForAnotherDigestIsRejectedWhenTheTagWasSwappedAfterSigning() {
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/swap:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::status).isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void requiredAnnotationsMustBeSigned() {
        String entry = "{keys: {publicKeys: " + Policies.quote(SignedImages.pem(KEY_A)) + ", rekor: {ignoreTlog: true}}, annotations: {team: %s}}";
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + entry.formatted("core") + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isTrue();
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + entry.formatted("other") + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isFalse();
    }

    @Test
    void countOneOfTwoKeysPassesButTheDefaultNeedsAll() {
        String two = keyEntry(KEY_A) + ", " + keyEntry(KEY_B);
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{count: 1, entries: [" + two + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isTrue();
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + two + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isFalse();
    }

    @Test
    void severalPemsInOneStringAreSeveralKeysForCount() {
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{count: 1, entries: [" + keyEntry(KEY_B, KEY_A) + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isTrue();
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_B, KEY_A) + "]}"))),
                pod("default", host + "/demo/signed:v1")).allowed()).isFalse();
    }

    @Test
    void everyAttestorSetMustPass() {
        String sets = "{entries: [" + keyEntry(KEY_A) + "]}, {entries: [" + keyEntry(KEY_B) + "]}";
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", sets))), pod("default", host + "/demo/signed:v1")).allowed()).isFalse();
    }

    @Test
    void nestedAttestorCountsAsOneEntry() {
        String nested = "{count: 1, entries: [{attestor: {entries: [" + keyEntry(KEY_B) + "]}}, {attestor: {entries: [" + keyEntry(KEY_A) + "]}}]}";
        assertThat(decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", nested))), pod("default", host + "/demo/signed:v1")).allowed()).isTrue();
    }

    @Test
    void imageReferencePrefixDoesNotMatchLongerRepository() {
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/signed:*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/signed-evil:v1"));
        assertThat(d.results()).isEmpty();
    }

    @Test
    void skipImageReferencesSkipWithoutTouchingTheRegistry() {
        String iv = "{imageReferences: ['" + host + "/demo/*'], skipImageReferences: ['" + host + "/demo/unsigned:*'], failureAction: Enforce, "
                + "attestors: [{entries: [" + keyEntry(KEY_A) + "]}]}";
        Decision d = decide(load(clusterPolicy("p", iv)), pod("default", host + "/demo/unsigned:v1", host + "/demo/signed:v1"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.results()).extracting(RuleResult::status).containsExactly(RuleResult.Status.SKIP, RuleResult.Status.PASS);
    }

    @Test
    void requiredFalseStillFailsAnUnsignedImageAsKyvernosMutatingWebhookDoes() {
        String iv = "{imageReferences: ['" + host + "/demo/*'], required: false, failureAction: Enforce, attestors: [{entries: [" + keyEntry(KEY_A) + "]}]}";
        assertThat(decide(load(clusterPolicy("p", iv)), pod("default", host + "/demo/unsigned:v1")).allowed()).isFalse();
    }

    @Test
    void verifyDigestFailsATagWhenMutateDigestIsOff() {
        String off = "{imageReferences: ['" + host + "/demo/*'], mutateDigest: false, failureAction: Enforce, attestors: [{entries: [" + keyEntry(KEY_A) + "]}]}";
        Decision d = decide(load(clusterPolicy("p", off)), pod("default", host + "/demo/signed:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::message).isEqualTo("missing digest for " + host + "/demo/signed:v1");

        String neither = off.replace("mutateDigest: false", "mutateDigest: false, verifyDigest: false");
        Decision ok = decide(load(clusterPolicy("p", neither)), pod("default", host + "/demo/signed:v1"));
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.patches()).isEmpty();

        Digest digest = images.digest("demo/signed", "v1");
        assertThat(decide(load(clusterPolicy("p", off)), pod("default", host + "/demo/signed@" + digest)).allowed()).isTrue();
    }

    @Test
    void imageByDigestIsVerifiedAndNotPatched() {
        Digest digest = images.digest("demo/signed", "v1");
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/signed:v1@" + digest));
        assertThat(d.allowed()).isTrue();
        assertThat(d.patches()).isEmpty();
    }

    private static String attestation(String type, String conditions) {
        return "{imageReferences: ['" + host + "/demo/*'], failureAction: Enforce, attestations: [{type: '" + type + "', attestors: [{entries: ["
                + keyEntry(KEY_A) + "]}], conditions: [" + conditions + "]}]}";
    }

    private static boolean admitted(String verifyImage, String image) {
        return decide(load(clusterPolicy("p", verifyImage)), pod("default", host + image)).allowed();
    }

    @Test
    void slsaProvenanceConditions() {
        String slsa = SignedImages.SLSA_V1;
        assertThat(admitted(attestation(slsa, "{all: [{key: '{{ runDetails.builder.id }}', operator: Equals, value: 'https://github.com/actions/runner/*'}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(slsa, "{all: [{key: '{{ runDetails.builder.id }}', operator: Equals, value: 'https://evil.example/*'}]}"), "/demo/attested:v1")).isFalse();
        assertThat(admitted(attestation(slsa, "{any: [{key: '{{ buildDefinition.externalParameters.workflow.ref }}', operator: Equals, value: refs/tags/*},"
                + " {key: '{{ buildDefinition.externalParameters.workflow.ref }}', operator: Equals, value: refs/heads/main}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(slsa, "{all: [{key: '{{ runDetails.metadata.invocationId }}', operator: GreaterThan, value: 41}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(slsa, "{all: [{key: '{{ buildDefinition.externalParameters.workflow.repository }}', operator: AnyIn, value: ['https://github.com/cairn/*']}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(slsa, "{all: [{key: '{{ no.such.field }}', operator: NotEquals, value: x}]}"), "/demo/attested:v1")).isFalse();
    }

    @Test
    void cycloneDxConditions() {
        String bom = SignedImages.CYCLONEDX;
        assertThat(admitted(attestation(bom, "{all: [{key: '{{ components[].name }}', operator: AllNotIn, value: [log4j-core, 'xz*']}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(bom, "{all: [{key: '{{ components[].name }}', operator: AnyIn, value: [openssl]}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(bom, "{all: [{key: '{{ components[?name==''openssl''].version | [0] }}', operator: Equals, value: '3.0.*'}]}"), "/demo/attested:v1")).isTrue();
        assertThat(admitted(attestation(bom, "{all: [{key: '{{ length(components) }}', operator: LessThan, value: 2}]}"), "/demo/attested:v1")).isFalse();
    }

    @Test
    void missingAttestationFails() {
        Decision d = decide(load(clusterPolicy("p", attestation(SignedImages.SLSA_V1, "{all: []}"))), pod("default", host + "/demo/signed:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::message).asString()
                .startsWith("image attestations verification failed, verifiedCount: 0, requiredCount: 1")
                .contains("attestations not found for predicate type " + SignedImages.SLSA_V1);
    }

    @Test
    void attestationByAnotherKeyFails() {
        String iv = attestation(SignedImages.SLSA_V1, "{all: []}").replace(keyEntry(KEY_A), keyEntry(KEY_B));
        assertThat(admitted(iv, "/demo/attested:v1")).isFalse();
    }

    @Test
    void autogenCoversDeploymentAndCronJob() {
        PolicySet set = load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}")));
        AdmissionResource deployment = Policies.resource("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: default}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: '%s/demo/signed:v1'}]
                """.formatted(host));
        Decision d = decide(set, deployment);
        assertThat(d.results()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("autogen-verify");
            assertThat(r.status()).isEqualTo(RuleResult.Status.PASS);
        });
        assertThat(d.patches()).extracting(RuleResult.ImagePatch::pointer).containsExactly("/spec/template/spec/containers/0/image");

        AdmissionResource cronJob = Policies.resource("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: default}
                spec:
                  schedule: '0 0 * * *'
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers: [{name: c, image: '%s/demo/unsigned:v1'}]
                """.formatted(host));
        Decision c = decide(set, cronJob);
        assertThat(c.allowed()).isFalse();
        assertThat(c.results()).singleElement().extracting(RuleResult::rule).isEqualTo("autogen-cronjob-verify");
    }

    @Test
    void autogenAnnotationNoneLeavesControllersAlone() {
        String yaml = clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))
                .replace("  annotations:\n", "  annotations:\n    pod-policies.kyverno.io/autogen-controllers: none\n");
        KyvernoPolicy policy = (KyvernoPolicy) load(yaml).policies().get(0);
        assertThat(policy.ruleNames()).containsExactly("verify");
        KyvernoPolicy full = (KyvernoPolicy) load(yaml.replace("autogen-controllers: none", "autogen-controllers: Deployment")).policies().get(0);
        assertThat(full.ruleNames()).containsExactly("verify", "autogen-verify");
    }

    @Test
    void initAndEphemeralContainersAreVerified() {
        AdmissionResource pod = Policies.resource("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  initContainers: [{name: init, image: '%1$s/demo/unsigned:v1'}]
                  containers: [{name: c, image: '%1$s/demo/signed:v1'}]
                  ephemeralContainers: [{name: debug, image: '%1$s/demo/signed:v1'}]
                """.formatted(host));
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))), pod);
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).extracting(RuleResult::status)
                .containsExactly(RuleResult.Status.FAIL, RuleResult.Status.PASS, RuleResult.Status.PASS);
    }

    @Test
    void auditAdmitsWithAWarning() {
        String iv = "{imageReferences: ['" + host + "/demo/*'], failureAction: Audit, mutateDigest: false, verifyDigest: false, attestors: [{entries: [" + keyEntry(KEY_A) + "]}]}";
        Decision d = decide(load(clusterPolicy("p", iv)), pod("default", host + "/demo/unsigned:v1"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).singleElement().asString().contains("p/verify");
        assertThat(d.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RuleResult.Status.FAIL);
            assertThat(r.action()).isEqualTo(RuleResult.FailureAction.AUDIT);
        });
    }

    @Test
    void oldValidationFailureActionEnforceAppliesToEveryEntry() {
        String yaml = clusterPolicy("p", "{imageReferences: ['" + host + "/demo/*'], attestors: [{entries: [" + keyEntry(KEY_A) + "]}]}")
                .replace("  background: false\n", "  background: false\n  validationFailureAction: enforce\n");
        assertThat(decide(load(yaml), pod("default", host + "/demo/unsigned:v1")).allowed()).isFalse();
    }

    @Test
    void matchAndExcludeNamespaces() {
        String yaml = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: p}
                spec:
                  rules:
                    - name: verify
                      match:
                        any: [{resources: {kinds: [Pod], namespaces: ['prod-*']}}]
                      exclude:
                        any: [{resources: {namespaces: [prod-sandbox]}}]
                      verifyImages:
                        - %s
                """.formatted(enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"));
        PolicySet set = load(yaml);
        assertThat(decide(set, pod("prod-eu", host + "/demo/unsigned:v1")).allowed()).isFalse();
        assertThat(decide(set, pod("prod-sandbox", host + "/demo/unsigned:v1")).results()).isEmpty();
        assertThat(decide(set, pod("dev", host + "/demo/unsigned:v1")).results()).isEmpty();
    }

    @Test
    void namespacedPolicyAppliesOnlyInItsNamespace() {
        String yaml = clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))
                .replace("kind: ClusterPolicy", "kind: Policy").replace("  name: p\n", "  name: p\n  namespace: team-a\n");
        PolicySet set = load(yaml);
        assertThat(set.policies().get(0).name()).isEqualTo("team-a/p");
        assertThat(decide(set, pod("team-a", host + "/demo/unsigned:v1")).allowed()).isFalse();
        assertThat(decide(set, pod("team-b", host + "/demo/unsigned:v1")).results()).isEmpty();
    }

    @Test
    void updateThatKeepsTheImageIsNotVerifiedAgain() {
        PolicySet set = load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}")));
        AdmissionResource create = pod("default", host + "/demo/unsigned:v1");
        AdmissionResource update = new AdmissionResource(create.apiVersion(), create.kind(), create.namespace(), create.name(),
                AdmissionResource.Operation.UPDATE, create.object(), java.util.Optional.of(create.object()), false);
        assertThat(decide(set, update).results()).isEmpty();
    }

    @Test
    void registryErrorIsAnErrorThatDenies() {
        Decision d = decide(load(clusterPolicy("p", enforce("'" + host + "/demo/*'", "{entries: [" + keyEntry(KEY_A) + "]}"))),
                pod("default", host + "/demo/does-not-exist:v1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.results()).singleElement().extracting(RuleResult::status).isIn(RuleResult.Status.ERROR, RuleResult.Status.FAIL);
    }

}
