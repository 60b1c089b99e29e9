package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Digest;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.policy.testing.SignedImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cairn.policy.testing.SignedImages.KEY_A;
import static dev.cairn.policy.testing.SignedImages.KEY_B;
import static dev.cairn.server.Webhooks.deployment;
import static dev.cairn.server.Webhooks.pod;
import static dev.cairn.server.Webhooks.post;
import static dev.cairn.server.Webhooks.review;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's acceptance, end to end: a real registry holding the fixture images signed and attested
 * with real keys (cosign's legacy layout, which all three policy formats read), {@code cairn server}
 * with {@link PolicyLoader#standard()} and a policy as users write it — Kyverno ClusterPolicy,
 * policy-controller ClusterImagePolicy, Kyverno ImageValidatingPolicy — and AdmissionReview v1 JSON
 * POSTed over HTTPS. Each format must admit and pin the signed and attested image, deny the unsigned,
 * the wrongly signed, the tag swapped after signing and the one without provenance with a message
 * naming policy, rule, image and reason, and admit with a warning in its audit mode.
 */
class AdmissionEndToEndTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();
    static SignedImages images;
    static final ObjectMapper JSON = new ObjectMapper();

    /** app-1, signed by KEY_A, SLSA v1 provenance by KEY_A built by the GitHub runner. */
    static String signed;
    static Digest signedDigest;
    /** app-2, signed by KEY_A, no provenance. */
    static String unattested;
    static Digest unattestedDigest;
    /** base, never signed. */
    static String unsigned;
    /** app-2 signed by KEY_B (and attested by KEY_B). */
    static String otherKey;
    /** app-1 signed and attested by KEY_A while the tag named it; the tag now names base, never signed. */
    static String swapped;
    static Digest swappedDigest;

    @TempDir
    Path dir;
    AdmissionServer server;
    CountingVerifications counting;

    @BeforeAll
    static void push() throws Exception {
        images = new SignedImages(registry);
        JsonNode provenance = JSON.readTree("""
                {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
                  "externalParameters": {"workflow": {"repository": "https://github.com/cairn/app", "ref": "refs/heads/main"}}},
                 "runDetails": {"builder": {"id": "https://github.com/actions/runner/v2"}, "metadata": {"invocationId": "42"}}}""");
        signed = images.push("app-1", "demo/signed", "v1");
        images.sign("demo/signed", "v1", KEY_A, Map.of());
        images.attest("demo/signed", "v1", KEY_A, SignedImages.SLSA_V1, provenance);
        signedDigest = images.digest("demo/signed", "v1");
        unattested = images.push("app-2", "demo/unattested", "v1");
        images.sign("demo/unattested", "v1", KEY_A, Map.of());
        unattestedDigest = images.digest("demo/unattested", "v1");
        unsigned = images.push("base", "demo/unsigned", "v1");
        otherKey = images.push("app-2", "demo/other", "v1");
        images.sign("demo/other", "v1", KEY_B, Map.of());
        images.attest("demo/other", "v1", KEY_B, SignedImages.SLSA_V1, provenance);
        swapped = images.push("app-1", "demo/swap", "v1");
        images.sign("demo/swap", "v1", KEY_A, Map.of());
        images.attest("demo/swap", "v1", KEY_A, SignedImages.SLSA_V1, provenance);
        images.push("base", "demo/swap", "v1"); // the tag moves after signing
        swappedDigest = images.digest("demo/swap", "v1");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- policies, as users write them

    static String pem(SigningKeyPair key, int indent) {
        return SignedImages.pem(key).indent(indent).stripTrailing();
    }

    /** Rules {@code signed} (a signature by KEY_A, digest pinned) and {@code provenance} (SLSA v1 by KEY_A from the GitHub runner). */
    static String kyverno(String action) {
        boolean audit = action.equals("Audit");
        String entry = """
                          attestors:
                            - entries:
                                - keys:
                                    publicKeys: |-
                %s
                                    rekor: {ignoreTlog: true}
                                    ctlog: {ignoreSCT: true}
                """.formatted(pem(KEY_A, 24));
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: supply-chain
                  annotations:
                    policies.kyverno.io/severity: high
                    policies.kyverno.io/category: Supply Chain
                spec:
                  background: false
                  webhookTimeoutSeconds: 10
                  rules:
                    - name: signed
                      match:
                        any:
                          - resources:
                              kinds: [Pod]
                      verifyImages:
                        - imageReferences: ["%1$s/demo/*"]
                          failureAction: %2$s
                          mutateDigest: %3$s
                %4$s
                    - name: provenance
                      match:
                        any:
                          - resources:
                              kinds: [Pod]
                      verifyImages:
                        - imageReferences: ["%1$s/demo/*"]
                          failureAction: %2$s
                          mutateDigest: %3$s
                          attestations:
                            - type: https://slsa.dev/provenance/v1
                %5$s
                              conditions:
                                - all:
                                    - key: "{{ runDetails.builder.id }}"
                                      operator: Equals
                                      value: "https://github.com/actions/runner/*"
                """.formatted(images.host(), action, !audit, entry, entry.indent(4).stripTrailing());
    }

    /** Two ClusterImagePolicies over {@code host/demo/**}: {@code require-signed} and {@code require-provenance}. */
    static String clusterImagePolicy(String mode) {
        String key = """
                      key:
                        data: |
                %s
                """.formatted(pem(KEY_A, 10));
        return """
                apiVersion: policy.sigstore.dev/v1beta1
                kind: ClusterImagePolicy
                metadata:
                  name: require-signed
                spec:
                  mode: %1$s
                  images:
                    - glob: "%2$s/demo/**"
                  authorities:
                    - name: team
                %3$s
                ---
                apiVersion: policy.sigstore.dev/v1beta1
                kind: ClusterImagePolicy
                metadata:
                  name: require-provenance
                spec:
                  mode: %1$s
                  images:
                    - glob: "%2$s/demo/**"
                  authorities:
                    - name: builder
                %3$s
                      attestations:
                        - name: provenance
                          predicateType: slsaprovenance1
                          policy:
                            type: cel
                            data: predicate.runDetails.builder.id.startsWith("https://github.com/actions/runner/")
                """.formatted(mode, images.host(), key.stripTrailing());
    }

    static String imageValidatingPolicy(String action) {
        return """
                apiVersion: policies.kyverno.io/v1
                kind: ImageValidatingPolicy
                metadata:
                  name: supply-chain
                spec:
                  validationActions: [%s]
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
                  attestations:
                    - name: provenance
                      intoto:
                        type: https://slsa.dev/provenance/v1
                  validations:
                    - expression: images.containers.all(i, verifyImageSignatures(i, [attestors.team]) > 0)
                      messageExpression: >-
                        "not signed by the team: " + images.containers.filter(i, verifyImageSignatures(i, [attestors.team]) == 0).join(", ")
                    - expression: images.containers.all(i, verifyAttestationSignatures(i, attestations.provenance, [attestors.team]) > 0)
                      messageExpression: >-
                        "no provenance by the team: "
                        + images.containers.filter(i, verifyAttestationSignatures(i, attestations.provenance, [attestors.team]) == 0).join(", ")
                    - expression: >-
                        images.containers.all(i, extractPayload(i, attestations.provenance).predicate.runDetails.builder.id
                        .startsWith("https://github.com/actions/runner/"))
                      message: not built by the GitHub runner
                """.formatted(action, images.host(), pem(KEY_A, 12));
    }

    /** The images that must be denied, and why. */
    enum Refused {
        UNSIGNED, OTHER_KEY, SWAPPED, UNATTESTED;

        String image() {
            return switch (this) {
                case UNSIGNED -> unsigned;
                case OTHER_KEY -> otherKey;
                case SWAPPED -> swapped;
                case UNATTESTED -> unattested;
            };
        }

        /** {@code host/demo/repo@sha256:…}: what the tag names now, as verification messages show it. */
        String byDigest() {
            String repo = image().substring(0, image().lastIndexOf(':'));
            return repo + "@" + switch (this) {
                case UNSIGNED -> images.digest("demo/unsigned", "v1");
                case OTHER_KEY, UNATTESTED -> unattestedDigest; // both are app-2
                case SWAPPED -> swappedDigest;
            };
        }
    }

    /** One policy format: its enforcing and auditing documents, and what its denials must say. */
    enum Format {
        KYVERNO {
            @Override
            String policy(boolean audit) {
                return kyverno(audit ? "Audit" : "Enforce");
            }

            @Override
            List<String> denial(Refused r) {
                String signature = "supply-chain/signed: " + r.image() + ": failed to verify image " + r.byDigest() + ": .attestors[0].entries[0].keys: ";
                String provenance = "supply-chain/provenance: " + r.image() + ": image attestations verification failed, verifiedCount: 0, requiredCount: 1,"
                        + " error: .attestations[0].attestors[0].entries[0].keys: attestations not found for predicate type https://slsa.dev/provenance/v1 (";
                return switch (r) {
                    case UNSIGNED, SWAPPED -> List.of(signature + "no signature by key ", "looked in referrers and tag " + tag(r, ".sig"), provenance + "no attestation");
                    case OTHER_KEY -> List.of(signature + "no valid signature by key ", "1 found, none verified", "signature does not verify with the given key",
                            provenance + "no valid attestation");
                    case UNATTESTED -> List.of(provenance + "no attestation of type https://slsa.dev/provenance/v1 for " + r.byDigest()
                            + ": looked in referrers and tag " + tag(r, ".att") + ")");
                };
            }

            @Override
            String warning() {
                return "supply-chain/signed: " + unsigned + ": failed to verify image " + Refused.UNSIGNED.byDigest() + ": .attestors[0].entries[0].keys: no signature by key ";
            }
        },
        CLUSTER_IMAGE_POLICY {
            @Override
            String policy(boolean audit) {
                return clusterImagePolicy(audit ? "warn" : "enforce");
            }

            @Override
            List<String> denial(Refused r) {
                String signature = "require-signed/authorities: " + r.image() + ": no authority admits it: team: ";
                String provenance = "require-provenance/authorities: " + r.image() + ": no authority admits it: builder: attestation provenance: ";
                return switch (r) {
                    case UNSIGNED, SWAPPED -> List.of(signature + "no signature by key ", "for " + r.byDigest() + ": looked in referrers and tag " + tag(r, ".sig"),
                            provenance + "no attestation of type https://slsa.dev/provenance/v1 by key ");
                    case OTHER_KEY -> List.of(signature + "no valid signature by key ", "signature does not verify with the given key",
                            provenance + "no valid attestation of type https://slsa.dev/provenance/v1 by key ");
                    case UNATTESTED -> List.of(provenance + "no attestation of type https://slsa.dev/provenance/v1 by key ",
                            "for " + r.byDigest() + ": looked in referrers and tag " + tag(r, ".att"));
                };
            }

            @Override
            String warning() {
                return "require-signed/authorities: " + unsigned + ": no authority admits it: team: no signature by key ";
            }
        },
        IMAGE_VALIDATING_POLICY {
            @Override
            String policy(boolean audit) {
                return imageValidatingPolicy(audit ? "Audit" : "Deny");
            }

            @Override
            List<String> denial(Refused r) {
                // the validations see the mutated object: images are named as pinned
                String pinned = r.image() + "@" + r.byDigest().substring(r.byDigest().indexOf('@') + 1);
                return switch (r) {
                    case UNSIGNED, OTHER_KEY, SWAPPED -> List.of("supply-chain/validate: not signed by the team: " + pinned);
                    case UNATTESTED -> List.of("supply-chain/validate: no provenance by the team: " + pinned);
                };
            }

            @Override
            String warning() {
                return "supply-chain/validate: not signed by the team: " + unsigned + "@" + images.digest("demo/unsigned", "v1");
            }
        };

        abstract String policy(boolean audit);

        /** Fragments the denial message must contain, after {@code Pod/default/web denied by image policy: }. */
        abstract List<String> denial(Refused r);

        /** How the audit warning for the unsigned image starts. */
        abstract String warning();

        static String tag(Refused r, String suffix) {
            return r.byDigest().substring(r.byDigest().indexOf('@') + 1).replace(':', '-') + suffix;
        }
    }

    private AdmissionServer start(Format format, boolean audit) {
        Webhooks.writePolicy(dir, "policy.yaml", format.policy(audit));
        counting = new CountingVerifications(new RegistryVerifications(RegistryFixture.options()));
        ServerConfig config = ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(dir), ServingCertificate.of(Webhooks.TLS))
                .withReloadInterval(Duration.ofHours(1));
        server = AdmissionServer.start(config, PolicyLoader.standard(), counting, new PrintStream(System.err, true, StandardCharsets.UTF_8));
        return server;
    }

    private Webhooks.Answer mutate(String operation, ObjectNode object, ObjectNode old, boolean dryRun) {
        return post(server, "/mutate", review(operation, object, old, dryRun));
    }

    private static JsonNode replace(String path, String value) {
        return JSON.createObjectNode().put("op", "replace").put("path", path).put("value", value);
    }

    static final String PINNED = "%s@%s";

    // ---------------------------------------------------------------- the acceptance cases

    @ParameterizedTest
    @EnumSource(Format.class)
    void signedAndAttestedPodIsAdmittedAndDigestPinned(Format format) {
        start(format, false);
        ObjectNode review = review("CREATE", pod("web", signed), null, false);
        Webhooks.Answer answer = post(server, "/mutate", review);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.json().path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(answer.response().path("uid").asText()).isEqualTo(review.path("request").path("uid").asText());
        assertThat(answer.allowed()).as(answer.message()).isTrue();
        assertThat(answer.response().has("warnings")).isFalse();
        assertThat(answer.response().path("patchType").asText()).isEqualTo("JSONPatch");
        // every format pins as Kyverno and policy-controller do: repo:tag@sha256:…
        assertThat(answer.patch()).containsExactly(replace("/spec/containers/0/image", PINNED.formatted(signed, signedDigest)));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void signedDeploymentIsAdmittedWithInitAndAppContainersPinned(Format format) {
        start(format, false);
        Webhooks.Answer answer = mutate("CREATE", deployment("web", signed), null, false);

        assertThat(answer.allowed()).as(answer.message()).isTrue();
        assertThat(answer.patch()).containsExactly(
                replace("/spec/template/spec/initContainers/0/image", PINNED.formatted(signed, signedDigest)),
                replace("/spec/template/spec/containers/0/image", PINNED.formatted(signed, signedDigest)));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void unsignedWronglySignedSwappedAndUnattestedImagesAreDeniedSayingWhy(Format format) {
        start(format, false);
        for (Refused refused : Refused.values()) {
            Webhooks.Answer answer = mutate("CREATE", pod("web", refused.image()), null, false);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.allowed()).as(format + " " + refused).isFalse();
            assertThat(answer.response().path("status").path("code").asInt()).isEqualTo(403);
            assertThat(answer.response().path("status").path("reason").asText()).isEqualTo("Forbidden");
            assertThat(answer.message()).as(format + " " + refused).startsWith("Pod/default/web denied by image policy: ")
                    .contains(format.denial(refused));
            assertThat(answer.response().has("patch")).as("a denial carries no patch").isFalse();
        }
    }

    @Test
    void missingAttestationDeniesOnlyThroughTheAttestationRule() {
        start(Format.KYVERNO, false);
        Webhooks.Answer answer = mutate("CREATE", pod("web", unattested), null, false);

        assertThat(answer.message()).isEqualTo("Pod/default/web denied by image policy: supply-chain/provenance: " + unattested
                + ": image attestations verification failed, verifiedCount: 0, requiredCount: 1, error: .attestations[0].attestors[0].entries[0].keys:"
                + " attestations not found for predicate type https://slsa.dev/provenance/v1 (no attestation of type https://slsa.dev/provenance/v1 for "
                + Refused.UNATTESTED.byDigest() + ": looked in referrers and tag " + Format.tag(Refused.UNATTESTED, ".att") + ")");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void deploymentWithAnUnsignedImageIsDeniedByTheAutogenRules(Format format) {
        start(format, false);
        Webhooks.Answer answer = mutate("CREATE", deployment("web", unsigned), null, false);

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).startsWith("Deployment/default/web denied by image policy: ");
        if (format == Format.KYVERNO) {
            assertThat(answer.message()).contains("supply-chain/autogen-signed: " + unsigned + ": failed to verify image",
                    "supply-chain/autogen-provenance: " + unsigned + ": image attestations verification failed");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void auditModeAdmitsWithAWarning(Format format) {
        start(format, true);
        Webhooks.Answer answer = mutate("CREATE", pod("web", unsigned), null, false);

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().has("status")).isFalse();
        JsonNode warnings = answer.response().path("warnings");
        assertThat(warnings).hasSize(format == Format.IMAGE_VALIDATING_POLICY ? 1 : 2);
        assertThat(warnings.get(0).asText()).startsWith(format.warning());
        assertThat(server.metrics().decisions(Metrics.Result.WARNED)).isEqualTo(1);
        // Kyverno's Audit needs mutateDigest: false; policy-controller and ImageValidatingPolicy pin in any mode
        assertThat(answer.patch()).isEqualTo(format == Format.KYVERNO ? JSON.createArrayNode()
                : JSON.createArrayNode().add(replace("/spec/containers/0/image", PINNED.formatted(unsigned, images.digest("demo/unsigned", "v1")))));
    }

    @Test
    void kyvernoAuditWithoutMutateDigestStillWantsADigestAsKyvernoDoes() {
        start(Format.KYVERNO, true);
        // verifyDigest defaults to true: a tag that is not pinned fails it, in Audit a warning
        Webhooks.Answer tag = mutate("CREATE", pod("web", signed), null, false);
        assertThat(tag.allowed()).isTrue();
        assertThat(tag.response().path("warnings")).extracting(JsonNode::asText).containsExactly(
                "supply-chain/signed: " + signed + ": missing digest for " + signed,
                "supply-chain/provenance: " + signed + ": missing digest for " + signed);

        String byDigest = images.host() + "/demo/signed@" + signedDigest;
        Webhooks.Answer digest = mutate("CREATE", pod("web", byDigest), null, false);
        assertThat(digest.allowed()).isTrue();
        assertThat(digest.response().has("warnings")).isFalse();
        assertThat(digest.patch()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void updateReverifiesOnlyChangedImages(Format format) {
        start(format, false);
        ObjectNode before = deployment("web", unsigned); // admitted before the policy existed, say
        ObjectNode relabelled = deployment("web", unsigned);
        ((ObjectNode) relabelled.path("metadata")).putObject("labels").put("touched", "yes");

        Webhooks.Answer unchanged = mutate("UPDATE", relabelled, before, false);
        assertThat(unchanged.allowed()).as(unchanged.message()).isTrue();
        assertThat(unchanged.patch()).isEmpty();
        assertThat(counting.total()).isZero();

        Webhooks.Answer toUnsigned = mutate("UPDATE", deployment("web", unsigned), deployment("web", signed), false);
        assertThat(toUnsigned.allowed()).isFalse();
        assertThat(toUnsigned.message()).startsWith("Deployment/default/web denied by image policy: ");

        Webhooks.Answer toSigned = mutate("UPDATE", deployment("web", signed), deployment("web", unsigned), false);
        assertThat(toSigned.allowed()).as(toSigned.message()).isTrue();
        assertThat(toSigned.patch()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void dryRunDecidesTheSameAndRecordsNothing(Format format) {
        start(format, false);
        Webhooks.Answer deniedDry = mutate("CREATE", pod("dry", unsigned), null, true);
        Webhooks.Answer allowedDry = mutate("UPDATE", deployment("dry", signed), deployment("dry", unsigned), true);

        assertThat(deniedDry.allowed()).isFalse();
        assertThat(deniedDry.message()).startsWith("Pod/default/dry denied by image policy: ");
        assertThat(allowedDry.allowed()).isTrue();
        assertThat(allowedDry.patch()).hasSize(2);
        assertThat(server.reports().size()).isZero();
        assertThat(Webhooks.get(server, "/reports").json().path("items")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void validateDecidesTheSameButNeverPatches(Format format) {
        start(format, false);
        Webhooks.Answer allowed = post(server, "/validate", review("CREATE", pod("web", signed), null, false));
        Webhooks.Answer denied = post(server, "/validate", review("CREATE", pod("web", otherKey), null, false));

        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.response().has("patch")).isFalse();
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains(format.denial(Refused.OTHER_KEY));
    }

    @Test
    void forgedVerificationAnnotationsAreIgnored() {
        start(Format.KYVERNO, false);
        ObjectNode pod = pod("forged", unsigned);
        ((ObjectNode) pod.path("metadata")).putObject("annotations")
                .put("kyverno.io/verify-images", "{\"" + unsigned + "\":\"pass\"}");

        assertThat(mutate("CREATE", pod, null, false).allowed()).isFalse();
    }

    // ---------------------------------------------------------------- PolicyReports

    @Test
    void policyReportsForRecentDecisionsNewestFirstWithoutDryRuns() {
        start(Format.KYVERNO, false);
        assertThat(mutate("CREATE", pod("web", unsigned), null, false).allowed()).isFalse();
        assertThat(mutate("CREATE", deployment("api", signed), null, false).allowed()).isTrue();
        assertThat(mutate("CREATE", pod("dry", unsigned), null, true).allowed()).isFalse();

        Webhooks.Answer answer = Webhooks.get(server, "/reports");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode list = answer.json();
        assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("metadata").has("remainingItemCount")).isFalse();
        assertThat(list.path("items")).hasSize(2);

        JsonNode api = list.path("items").get(0);
        assertThat(api.path("apiVersion").asText()).isEqualTo("wgpolicyk8s.io/v1alpha2");
        assertThat(api.path("kind").asText()).isEqualTo("PolicyReport");
        assertThat(api.path("metadata").path("name").asText()).isEqualTo("deployment-api");
        assertThat(api.path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(api.path("scope")).isEqualTo(JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment")
                .put("name", "api").put("namespace", "default"));
        assertThat(api.path("summary")).isEqualTo(JSON.createObjectNode().put("pass", 4).put("fail", 0).put("warn", 0).put("error", 0).put("skip", 0));
        assertThat(api.path("results")).extracting(r -> r.path("rule").asText() + " " + r.path("result").asText() + " " + r.path("properties").path("image").asText())
                .containsExactlyInAnyOrder("autogen-signed pass " + signed, "autogen-signed pass " + signed,
                        "autogen-provenance pass " + signed, "autogen-provenance pass " + signed);

        JsonNode web = list.path("items").get(1);
        assertThat(web.path("metadata").path("name").asText()).isEqualTo("pod-web");
        assertThat(web.path("summary").path("fail").asInt()).isEqualTo(2);
        assertThat(web.path("summary").path("pass").asInt()).isZero();
        JsonNode signature = web.path("results").get(0);
        assertThat(signature.path("policy").asText()).isEqualTo("supply-chain");
        assertThat(signature.path("rule").asText()).isEqualTo("signed");
        assertThat(signature.path("result").asText()).isEqualTo("fail");
        assertThat(signature.path("message").asText()).startsWith("failed to verify image " + Refused.UNSIGNED.byDigest());
        assertThat(signature.path("source").asText()).isEqualTo("cairn");
        assertThat(signature.path("severity").asText()).isEqualTo("high");
        assertThat(signature.path("category").asText()).isEqualTo("Supply Chain");
        assertThat(signature.path("properties").path("image").asText()).isEqualTo(unsigned);
        assertThat(signature.path("properties").path("failureAction").asText()).isEqualTo("Enforce");
        assertThat(signature.path("resources").get(0).path("name").asText()).isEqualTo("web");
        assertThat(web.path("results").get(1).path("rule").asText()).isEqualTo("provenance");
    }

    @Test
    void aResourceHasOnlyItsLatestReport() {
        start(Format.KYVERNO, false);
        mutate("CREATE", deployment("api", unsigned), null, false);
        mutate("UPDATE", deployment("api", signed), deployment("api", unsigned), false);

        JsonNode items = Webhooks.get(server, "/reports").json().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("summary").path("pass").asInt()).isEqualTo(4);
        assertThat(items.get(0).path("summary").path("fail").asInt()).isZero();
    }

    @Test
    void reportsAreBoundedAndFilteredByNamespace() {
        start(Format.KYVERNO, false);
        mutate("CREATE", pod("a", signed), null, false);
        mutate("CREATE", pod("b", signed), null, false);
        mutate("CREATE", pod("c", signed), null, false);

        JsonNode one = Webhooks.get(server, "/reports?limit=1").json();
        assertThat(one.path("items")).hasSize(1);
        assertThat(one.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("pod-c");
        assertThat(one.path("metadata").path("remainingItemCount").asInt()).isEqualTo(2);
        assertThat(Webhooks.get(server, "/reports?namespace=default&limit=1000").json().path("items")).hasSize(3);
        assertThat(Webhooks.get(server, "/reports?namespace=kube-system").json().path("items")).isEmpty();

        assertThat(Webhooks.get(server, "/reports?limit=0").status()).isEqualTo(400);
        assertThat(Webhooks.get(server, "/reports?limit=" + (RecentReports.MAX_LIST + 1)).status()).isEqualTo(400);
        assertThat(Webhooks.get(server, "/reports?limit=x").status()).isEqualTo(400);
        assertThat(Webhooks.get(server, "/reports?kind=Pod").status()).isEqualTo(400);
        assertThat(Webhooks.get(server, "/reports/x").status()).isEqualTo(404);
        assertThat(post(server, "/reports", "{}".getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(405);
    }
}
