package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.cairn.policy.sigstore.SigstoreFixture.KEY;
import static dev.cairn.policy.sigstore.SigstoreFixture.load;
import static dev.cairn.policy.sigstore.SigstoreFixture.pemBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What ClusterImagePolicy documents Cairn refuses, each with one line naming the field. */
class ClusterImagePolicyFormatTest {
    static final String HEAD = """
            apiVersion: policy.sigstore.dev/v1beta1
            kind: ClusterImagePolicy
            metadata:
              name: p
            spec:
              images:
              - glob: "ghcr.io/**"
              authorities:
            """;

    static String keyAuthority() {
        return "  - key:\n      data: |\n" + pemBlock(KEY, 10) + "\n";
    }

    static void refused(String yaml, String... fragments) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("test.yaml").contains(fragments));
    }

    @Test
    void bothApiVersionsLoad() {
        assertThat(load(HEAD + keyAuthority()).policies()).hasSize(1);
        assertThat(load(HEAD.replace("v1beta1", "v1alpha1") + keyAuthority()).policies()).hasSize(1);
    }

    @Test
    void keylessIsRefusedAtLoad() {
        refused(HEAD + "  - keyless:\n      url: https://fulcio.sigstore.dev\n      identities:\n      - issuer: https://accounts.google.com\n        subject: a@b.c\n",
                "spec.authorities[0].keyless", "keyless verification is not available yet");
        refused(HEAD + keyAuthority() + "    ctlog:\n      url: https://rekor.sigstore.dev\n", "ctlog", "keyless verification is not available yet");
        refused(HEAD + keyAuthority() + "    rfc3161timestamp:\n      trustRootRef: r\n", "rfc3161timestamp");
        refused(HEAD + keyAuthority() + "    signatureFormat: bundle\n", "signatureFormat", "keyless");
    }

    @Test
    void keysHeldElsewhereAreRefused() {
        refused(HEAD + "  - key:\n      secretRef:\n        name: k\n", "key.secretRef", "Secret");
        refused(HEAD + "  - key:\n      kms: awskms:///alias/x\n", "key.kms", "KMS");
        refused(HEAD + "  - key:\n      data: not a key\n", "key.data");
        refused(HEAD + keyAuthority() + "    source:\n    - oci: ghcr.io/sigs\n", "source");
    }

    @Test
    void hashAlgorithmMustBeTheOneCairnVerifiesWith() {
        assertThat(load(HEAD + keyAuthority().replace("  - key:\n", "  - key:\n      hashAlgorithm: SHA256\n")).policies()).hasSize(1);
        refused(HEAD + keyAuthority().replace("  - key:\n", "  - key:\n      hashAlgorithm: sha512\n"), "hashAlgorithm", "sha256 only");
        refused(HEAD + keyAuthority().replace("  - key:\n", "  - key:\n      hashAlgorithm: md5\n"), "hashAlgorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cue", "rego"})
    void cueAndRegoPoliciesAreRefused(String type) {
        refused(HEAD + keyAuthority() + "    attestations:\n    - name: a\n      predicateType: custom\n      policy:\n        type: " + type + "\n        data: x\n",
                "attestations[0].policy", type + " is not supported");
        refused(HEAD.replace("spec:\n", "spec:\n  policy:\n    type: " + type + "\n    data: x\n") + keyAuthority(), "spec.policy");
    }

    @Test
    void malformedCelPolicyIsRefused() {
        refused(HEAD + keyAuthority() + "    attestations:\n    - name: a\n      predicateType: custom\n      policy:\n        type: cel\n        data: 'predicate.('\n",
                "policy.data", "does not compile");
    }

    @Test
    void structuralMistakesAreRefused() {
        refused(HEAD + keyAuthority() + "    atestations: []\n", "unknown field spec.authorities[0].atestations");
        refused(HEAD + "  - static:\n      action: maybe\n", "static.action");
        refused(HEAD + "  - static:\n      action: pass\n    attestations:\n    - name: a\n      predicateType: custom\n", "attestations");
        refused(HEAD + "  - name: empty\n", "must have one of key, keyless or static");
        refused(HEAD.replace("spec:\n", "spec:\n  mode: audit\n") + keyAuthority(), "spec.mode");
        refused(HEAD.replace("ghcr.io/**", "ghcr.io/[a-z]*") + keyAuthority(), "glob");
        refused(HEAD.replace("  authorities:\n", ""), "spec.authorities is required");
        refused(HEAD + keyAuthority() + "---\n" + HEAD + keyAuthority(), "a second ClusterImagePolicy named p");
        refused("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\n", "not a policy");
    }

    @Test
    void emptyAuthoritiesAreAllowedWhenTheConfigSaysSo() {
        String config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-policy-controller\ndata:\n  fail-on-empty-authorities: \"false\"\n---\n";
        assertThat(load(config + HEAD.replace("  authorities:\n", "")).policies()).hasSize(1);
    }
}
