package dev.cairn.policy.kyverno;

import dev.cairn.model.CairnException;
import dev.cairn.policy.testing.SignedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.cairn.policy.kyverno.Policies.clusterPolicy;
import static dev.cairn.policy.kyverno.Policies.keyEntry;
import static dev.cairn.policy.kyverno.Policies.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies Cairn cannot enforce exactly as written are refused at load, with one line saying why. */
class KyvernoPolicyRefusalTest {
    private static final String KEY = keyEntry(SignedImages.KEY_A);

    private static String refusal(String verifyImage) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(clusterPolicy("p", verifyImage)));
        assertThat(t).isInstanceOf(CairnException.class);
        assertThat(t.getMessage()).doesNotContain("\n").startsWith("policy-0.yaml (ClusterPolicy p): ");
        return t.getMessage();
    }

    @Test
    void keylessAttestorIsRefused() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: [{keyless: {subject: 'a@b', issuer: 'https://x', rekor: {url: 'https://rekor'}}}]}]}"))
                .contains(".keyless: keyless verification is not available yet");
    }

    @Test
    void certificateAttestorIsRefused() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: [{certificates: {cert: 'x'}}]}]}"))
                .contains("keyless verification is not available yet");
    }

    @Test
    void oldKeylessFieldsAreRefused() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, subject: 'a@b', issuer: 'https://x'}")).contains("keyless");
    }

    @Test
    void attestationWithoutAttestorsWouldBeKeylessAndIsRefused() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, attestations: [{type: 'https://slsa.dev/provenance/v1'}]}")).contains("keyless");
    }

    @Test
    void keysWithoutIgnoreTlogWouldNeedRekorAndAreRefused() {
        String noRekor = "{keys: {publicKeys: " + Policies.quote(SignedImages.pem(SignedImages.KEY_A)) + "}}";
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: [" + noRekor + "]}]}")).contains("rekor: missing");
    }

    @Test
    void auditWithMutateDigestIsRefusedAsKyvernoDoes() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Audit, attestors: [{entries: [" + KEY + "]}]}"))
                .contains("mutateDigest must be set to false for 'Audit' failure action");
        // spec.validationFailureAction defaults to Audit, so a bare policy needs failureAction or mutateDigest: false
        assertThat(refusal("{imageReferences: ['*'], attestors: [{entries: [" + KEY + "]}]}")).contains("mutateDigest must be set to false");
    }

    @Test
    void countAboveEntriesIsRefused() {
        assertThat(refusal("{imageReferences: ['*'], failureAction: Enforce, attestors: [{count: 2, entries: [" + KEY + "]}]}"))
                .contains("Count cannot exceed length of entries");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: []}]}|An entry is required",
            "{failureAction: Enforce, attestors: [{entries: [KEY]}]}|An image reference is required",
            "{imageReferences: ['*'], failureAction: Enforce, typo: 1, attestors: [{entries: [KEY]}]}|typo: unknown field",
            "{imageReferences: ['*'], failureAction: Block, attestors: [{entries: [KEY]}]}|is not Enforce or Audit",
            "{imageReferences: ['*'], failureAction: Enforce, type: Notary, attestors: [{entries: [KEY]}]}|only Cosign",
            "{imageReferences: ['*'], failureAction: Enforce, repository: 'x/y', attestors: [{entries: [KEY]}]}|another repository",
            "{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: [{keys: {kms: 'gcpkms://x'}}]}]}|KMS keys are not supported",
            "{imageReferences: ['*'], failureAction: Enforce, attestors: [{entries: [{keys: {publicKeys: 'not a pem', rekor: {ignoreTlog: true}}}]}]}|not one or more PEM public keys",
            "{imageReferences: ['*'], failureAction: Enforce, attestations: [{type: t, attestors: [{entries: [KEY]}], conditions: [{all: [{key: '{{ to_upper(x) }}', operator: Equals, value: X}]}]}]}|is not supported",
            "{imageReferences: ['*'], failureAction: Enforce, attestations: [{type: t, attestors: [{entries: [KEY]}], conditions: [{all: [{key: a, operator: Matches, value: b}]}]}]}|unknown condition operator 'Matches'",
            "{imageReferences: ['*'], failureAction: Enforce, attestations: [{attestors: [{entries: [KEY]}]}]}|missing type",
    })
    void malformedPoliciesAreRefusedWithOneLine(String verifyImage, String reason) {
        assertThat(refusal(verifyImage.replace("KEY", KEY))).contains(reason);
    }

    @Test
    void otherRuleTypesAndClusterLookupsAreRefused() {
        String validate = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      match: {any: [{resources: {kinds: [Pod]}}]}
                      validate: {pattern: {}}
                """;
        assertThatThrownBy(() -> load(validate)).hasMessageContaining("only verifyImages rules are evaluated by Cairn");
        String selector = validate.replace("validate: {pattern: {}}", "verifyImages: [{imageReferences: ['*'], failureAction: Enforce}]")
                .replace("kinds: [Pod]", "kinds: [Pod], namespaceSelector: {matchLabels: {a: b}}");
        assertThatThrownBy(() -> load(selector)).hasMessageContaining("namespaceSelector needs the namespace's labels");
    }

    @Test
    void notAYamlMappingIsRefused() {
        assertThatThrownBy(() -> load("- a\n- b\n")).isInstanceOf(CairnException.class).hasMessageContaining("not a mapping");
    }
}
