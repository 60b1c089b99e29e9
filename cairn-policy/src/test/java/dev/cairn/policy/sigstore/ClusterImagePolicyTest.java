package dev.cairn.policy.sigstore;

import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.Admission;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.SignatureFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.cairn.policy.sigstore.SigstoreFixture.KEY;
import static dev.cairn.policy.sigstore.SigstoreFixture.OTHER_KEY;
import static dev.cairn.policy.sigstore.SigstoreFixture.pemBlock;
import static dev.cairn.policy.sigstore.SigstoreFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** ClusterImagePolicies against real signatures and attestations in a real registry. */
class ClusterImagePolicyTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    static SigstoreFixture.Pushed signed;
    static SigstoreFixture.Pushed unsigned;
    static SigstoreFixture.Pushed bundleOnly;
    static SigstoreFixture.Pushed otherKey;
    static SigstoreFixture.Pushed elsewhere;
    static final Verifications verifications = SigstoreFixture.verifications();

    @BeforeAll
    static void images() {
        signed = SigstoreFixture.push(registry, "demo/signed", "app-1");
        SigstoreFixture.sign(signed, KEY, SignatureFormat.LEGACY);
        SigstoreFixture.attest(signed, KEY, "slsaprovenance1", SigstoreFixture.slsaProvenance(), SignatureFormat.LEGACY);
        SigstoreFixture.attest(signed, KEY, "cyclonedx", SigstoreFixture.cycloneDx(), SignatureFormat.LEGACY);
        unsigned = SigstoreFixture.push(registry, "demo/unsigned", "app-1");
        bundleOnly = SigstoreFixture.push(registry, "demo/bundle", "app-2");
        SigstoreFixture.sign(bundleOnly, KEY, SignatureFormat.BUNDLE);
        SigstoreFixture.attest(bundleOnly, KEY, "slsaprovenance1", SigstoreFixture.slsaProvenance(), SignatureFormat.BUNDLE);
        otherKey = SigstoreFixture.push(registry, "demo/other", "app-2");
        SigstoreFixture.sign(otherKey, OTHER_KEY, SignatureFormat.LEGACY);
        elsewhere = SigstoreFixture.push(registry, "elsewhere/app", "base");
    }

    /** A ClusterImagePolicy over {@code glob} with {@code authorities} (YAML list items, indented 4). */
    static String cip(String name, String glob, String authorities) {
        return """
                apiVersion: policy.sigstore.dev/v1beta1
                kind: ClusterImagePolicy
                metadata:
                  name: %s
                spec:
                  images:
                  - glob: "%s"
                  authorities:
                %s
                """.formatted(name, glob, authorities);
    }

    static String keyAuthority(String name, dev.cairn.crypto.SigningKeyPair key) {
        return """
                  - name: %s
                    key:
                      data: |
                %s
                """.formatted(name, pemBlock(key, 10));
    }

    String demo() {
        return registry.host() + "/demo/**";
    }

    Decision decide(String yaml, AdmissionResource resource) {
        return Admission.decide(SigstoreFixture.load(yaml), resource, verifications);
    }

    @Test
    void signedImageIsAdmittedAndPinnedToItsDigestWithTheNormalisedName() {
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(signed.reference()));
        assertThat(decision.allowed()).as(decision.message()).isTrue();
        assertThat(decision.patches()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/spec/containers/0/image");
            assertThat(p.pinned()).isEqualTo(signed.reference() + "@" + signed.digest());
        });
    }

    @Test
    void unsignedImageIsDeniedNamingPolicyAndImage() {
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(unsigned.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("signed/authorities", unsigned.reference(), "no signature");
        assertThat(decision.patches()).isEmpty();
    }

    @Test
    void signatureByAnUntrustedKeyIsDenied() {
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(otherKey.reference()));
        assertThat(decision.allowed()).isFalse();
    }

    @Test
    void tagMovedToAnUnsignedImageAfterSigningIsDenied() {
        SigstoreFixture.Pushed moving = SigstoreFixture.push(registry, "demo/moving", "app-1", "release");
        SigstoreFixture.sign(moving, KEY, SignatureFormat.LEGACY);
        assertThat(decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(moving.reference())).allowed()).isTrue();
        SigstoreFixture.push(registry, "demo/moving", "app-2", "release"); // same tag, other image, never signed
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(moving.reference()));
        assertThat(decision.allowed()).isFalse();
    }

    @Test
    void anyOneAuthorityOfAPolicyAdmits() {
        String yaml = cip("either", demo(), keyAuthority("other", OTHER_KEY) + keyAuthority("team", KEY));
        assertThat(decide(yaml, pod(signed.reference())).allowed()).isTrue();
        assertThat(decide(yaml, pod(otherKey.reference())).allowed()).isTrue();
        assertThat(decide(yaml, pod(unsigned.reference())).allowed()).isFalse();
    }

    @Test
    void everyMatchingPolicyMustBeSatisfied() {
        String yaml = cip("team", demo(), keyAuthority("team", KEY)) + "---\n"
                + cip("security", registry.host() + "/demo/signed*", keyAuthority("security", OTHER_KEY));
        Decision decision = decide(yaml, pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("security/authorities").doesNotContain("team/authorities");
        // the second policy does not match demo/other, so only the first decides there
        assertThat(decide(yaml, pod(otherKey.reference())).message()).contains("team/authorities");
    }

    @Test
    void staticAuthoritiesPassOrFailWithoutLooking() {
        String pass = cip("open", demo(), "  - static:\n      action: pass\n");
        assertThat(decide(pass, pod(unsigned.reference())).allowed()).isTrue();
        String fail = cip("closed", demo(), "  - static:\n      action: fail\n      message: frozen for the audit\n");
        Decision decision = decide(fail, pod(signed.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("disallowed by static policy: frozen for the audit");
    }

    @Test
    void warnModeAdmitsWithAWarning() {
        String yaml = cip("soft", demo(), keyAuthority("team", KEY)).replace("spec:\n", "spec:\n  mode: warn\n");
        Decision decision = decide(yaml, pod(unsigned.reference()));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).singleElement().asString().contains("soft/authorities");
    }

    @Test
    void unmatchedImagesAreDeniedByDefault() {
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(signed.reference(), elsewhere.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("no ClusterImagePolicy matches " + registry.host() + "/elsewhere/app@sha256:", "no-match-policy: deny");
    }

    @Test
    void noMatchPolicyComesFromThePolicyControllerConfigMap() {
        String config = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config-policy-controller
                  namespace: cosign-system
                data:
                  no-match-policy: %s
                ---
                """;
        String policy = cip("signed", demo(), keyAuthority("team", KEY));
        Decision allow = decide(config.formatted("allow") + policy, pod(elsewhere.reference()));
        assertThat(allow.allowed()).isTrue();
        assertThat(allow.warnings()).isEmpty();
        assertThat(allow.patches()).singleElement().satisfies(p -> assertThat(p.pinned()).endsWith("@" + elsewhere.digest()));
        Decision warn = decide(config.formatted("warn") + policy, pod(elsewhere.reference()));
        assertThat(warn.allowed()).isTrue();
        assertThat(warn.warnings()).singleElement().asString().contains("no ClusterImagePolicy matches");
        // policy-controller reads anything it does not know, even "Allow", as deny
        assertThat(decide(config.formatted("Allow") + policy, pod(elsewhere.reference())).allowed()).isFalse();
    }

    @Test
    void noMatchPolicyIsASettingOfTheFormat() {
        PolicySet set = new dev.cairn.policy.PolicyLoader(List.of(ClusterImagePolicyFormat.withNoMatchPolicy(NoMatchPolicy.ALLOW)))
                .load(List.of(new dev.cairn.policy.PolicyLoader.Source("p.yaml", cip("signed", demo(), keyAuthority("team", KEY)).getBytes())));
        assertThat(Admission.decide(set, pod(elsewhere.reference()), verifications).allowed()).isTrue();
    }

    @Test
    void keyAuthoritiesAcceptOnlyTheLegacyLayoutAsPolicyControllerDoes() {
        Decision decision = decide(cip("signed", demo(), keyAuthority("team", KEY)), pod(bundleOnly.reference()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("only bundle-format signatures", "--format legacy");
    }

    @Test
    void attestationsByShortNameAndUriWithACelPolicy() {
        String authority = keyAuthority("team", KEY) + """
                    attestations:
                    - name: provenance
                      predicateType: slsaprovenance1
                      policy:
                        type: cel
                        data: predicate.buildDefinition.externalParameters.workflow.repository == "https://github.com/example/app"
                    - name: sbom
                      predicateType: https://cyclonedx.org/bom
                      policy:
                        type: cel
                        data: predicate.components.exists(c, c.name == "left-pad")
                """;
        assertThat(decide(cip("attested", demo(), authority), pod(signed.reference())).allowed()).isTrue();

        Decision wrongRepo = decide(cip("attested", demo(), authority.replace("example/app", "evil/app")), pod(signed.reference()));
        assertThat(wrongRepo.allowed()).isFalse();
        assertThat(wrongRepo.message()).contains("attestation provenance fails its policy");

        Decision missing = decide(cip("attested", demo(), authority.replace("https://cyclonedx.org/bom", "spdxjson")), pod(signed.reference()));
        assertThat(missing.allowed()).isFalse();
        assertThat(missing.message()).contains("attestation sbom");
    }

    @Test
    void policiesCanBeLimitedToResourceKinds() {
        String yaml = cip("deployments-only", demo(), keyAuthority("team", KEY))
                .replace("spec:\n", "spec:\n  match:\n  - group: apps\n    version: v1\n    resource: deployments\n");
        // a Pod is outside the policy's match, so no policy matches and the no-match default denies it
        assertThat(decide(yaml, pod(signed.reference())).message()).contains("no ClusterImagePolicy matches");
        assertThat(decide(yaml, SigstoreFixture.deployment(signed.reference())).allowed()).isTrue();
        assertThat(decide(yaml, SigstoreFixture.deployment(unsigned.reference())).allowed()).isFalse();
    }

    @Test
    void unresolvableTagIsDeniedEvenWithoutAMatchingPolicy() {
        String config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-policy-controller\ndata:\n  no-match-policy: allow\n---\n";
        Decision decision = decide(config + cip("signed", demo(), keyAuthority("team", KEY)), pod(registry.host() + "/nowhere/app:1"));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.results()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RuleResult.Status.ERROR));
    }

    @Test
    void registryDownIsAnErrorNeverAPass() {
        String yaml = cip("signed", "127.0.0.1:1/**", keyAuthority("team", KEY));
        Decision decision = decide(yaml, pod("127.0.0.1:1/demo/app@" + signed.digest()));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.results()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RuleResult.Status.ERROR));
    }
}
