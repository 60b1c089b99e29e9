package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import static dev.cairn.server.Webhooks.deployment;
import static dev.cairn.server.Webhooks.pod;
import static dev.cairn.server.Webhooks.post;
import static dev.cairn.server.Webhooks.review;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook over HTTPS against a real registry and real signatures, under a Kyverno ClusterPolicy
 * ({@link Webhooks#policy}): fixture images copied into {@code demo/app}, {@code :1} signed by the
 * trusted key, {@code :2} by another key, {@code :base} not signed, {@code :swap} signed while it
 * named app-1 and then moved to base (cosign's legacy layout, which Kyverno's default reads). The
 * server's own behaviour — cache, coalescing, metrics, endpoints; {@link AdmissionEndToEndTest}
 * covers the three policy formats.
 */
class AdmissionServerTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    static final SigningKeyPair KEY = SigningKeyPair.generate();
    static final SigningKeyPair OTHER_KEY = SigningKeyPair.generate();
    static String signed;
    static String otherKey;
    static String unsigned;
    static String swapped;
    static Digest signedDigest;
    static Digest unsignedDigest;

    @TempDir
    Path dir;
    AdmissionServer server;
    CountingVerifications counting;

    @BeforeAll
    static void images() {
        RegistryStore store = registry.store("demo/app");
        OciLayout layout = OciLayout.at(Fixtures.ociLayout());
        ManifestBlob app1 = ImageCopy.copy(layout, "app-1", store, Optional.of("1"));
        ManifestBlob app2 = ImageCopy.copy(layout, "app-2", store, Optional.of("2"));
        ManifestBlob base = ImageCopy.copy(layout, "base", store, Optional.of("base"));
        ImageCopy.copy(layout, "app-1", store, Optional.of("swap"));
        sign(KEY, store, app1);
        sign(OTHER_KEY, store, app2);
        ImageCopy.copy(layout, "base", store, Optional.of("swap")); // the tag moves after signing
        String repo = registry.host() + "/demo/app";
        signed = repo + ":1";
        otherKey = repo + ":2";
        unsigned = repo + ":base";
        swapped = repo + ":swap";
        signedDigest = app1.digest();
        unsignedDigest = base.digest();
    }

    private static void sign(SigningKeyPair key, RegistryStore store, ManifestBlob image) {
        new ImageSigner(key.signer(), Clock.systemUTC())
                .sign(new SubjectImage(store, image.descriptor(), store.location()), Map.of(), SignatureFormat.LEGACY);
    }

    private AdmissionServer start(String action, UnaryOperator<ServerConfig> tune) {
        Webhooks.writePolicy(dir, "policy.yaml", Webhooks.policy("require-signed", registry.host() + "/*", KEY, action));
        counting = new CountingVerifications(new RegistryVerifications(RegistryFixture.options()));
        server = Webhooks.start(dir, counting, tune);
        return server;
    }

    private AdmissionServer start() {
        return start("Enforce", c -> c);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signedPodIsAdmittedAndPinnedToItsDigest() {
        start();
        ObjectNode review = review("CREATE", pod("web", signed), null, false);
        Webhooks.Answer answer = post(server, "/mutate", review);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.response().path("uid").asText()).isEqualTo(review.path("request").path("uid").asText());
        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("patchType").asText()).isEqualTo("JSONPatch");
        assertThat(answer.patch()).hasSize(1);
        assertThat(answer.patch().get(0).path("op").asText()).isEqualTo("replace");
        assertThat(answer.patch().get(0).path("path").asText()).isEqualTo("/spec/containers/0/image");
        assertThat(answer.patch().get(0).path("value").asText()).isEqualTo(signed + "@" + signedDigest);
    }

    @Test
    void validateDecidesTheSameButNeverPatches() {
        start();
        Webhooks.Answer answer = post(server, "/validate", review("CREATE", pod("web", signed), null, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().has("patch")).isFalse();
        assertThat(post(server, "/validate", review("CREATE", pod("web", unsigned), null, false)).allowed()).isFalse();
    }

    @Test
    void deploymentInitAndAppContainersArePinned() {
        start();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", deployment("web", signed), null, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.patch()).extracting(p -> p.path("path").asText())
                .containsExactly("/spec/template/spec/initContainers/0/image", "/spec/template/spec/containers/0/image");
    }

    @Test
    void unsignedImageIsDeniedNamingPolicyRuleImageAndReason() {
        start();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", deployment("web", unsigned), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.response().path("status").path("code").asInt()).isEqualTo(403);
        // Kyverno autogenerates the Deployment rule from the Pod rule
        assertThat(answer.message()).startsWith("Deployment/default/web denied by image policy: require-signed/autogen-signed: " + unsigned
                        + ": failed to verify image " + registry.host() + "/demo/app@" + unsignedDigest + ": .attestors[0].entries[0].keys: no signature by key ")
                .contains("looked in referrers and tag " + unsignedDigest.toString().replace(':', '-') + ".sig");
        assertThat(answer.response().has("patch")).isFalse();
    }

    @Test
    void imageSignedByAnotherKeyIsDenied() {
        start();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", otherKey), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).contains("require-signed/signed: " + otherKey + ": failed to verify image ")
                .contains(".attestors[0].entries[0].keys: no valid signature by key ").contains("none verified");
    }

    @Test
    void tagMovedAfterSigningIsDenied() {
        start();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", swapped), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).contains("require-signed/signed: " + swapped + ": failed to verify image " + registry.host() + "/demo/app@" + unsignedDigest)
                .contains("no signature by key ");
    }

    @Test
    void annotationsClaimingVerificationAreIgnored() {
        start();
        ObjectNode pod = pod("forged", unsigned);
        ((ObjectNode) pod.path("metadata")).putObject("annotations")
                .put("kyverno.io/verify-images", "{\"" + unsigned + "\":\"pass\"}")
                .put("cairn.dev/verified", "true");

        assertThat(post(server, "/mutate", review("CREATE", pod, null, false)).allowed()).isFalse();
    }

    @Test
    void auditAdmitsUnsignedWithAWarning() {
        start("Audit", c -> c);
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", unsigned), null, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("warnings")).hasSize(1);
        assertThat(answer.response().path("warnings").get(0).asText()).startsWith("require-signed/signed: " + unsigned + ": failed to verify image ")
                .contains("no signature by key ");
        assertThat(server.metrics().decisions(Metrics.Result.WARNED)).isEqualTo(1);
    }

    @Test
    void failurePolicyIgnoreStillDeniesAMissingSignature() {
        start("Enforce", c -> c.withFailurePolicy(FailurePolicy.IGNORE));

        assertThat(post(server, "/mutate", review("CREATE", pod("web", unsigned), null, false)).allowed()).isFalse();
        assertThat(post(server, "/mutate", review("CREATE", pod("web", signed), null, false)).allowed()).isTrue();
    }

    @Test
    void updateKeepingTheImageIsNotVerifiedAgain() {
        start();
        ObjectNode before = pod("web", unsigned); // admitted before this policy existed, say
        ObjectNode after = pod("web", unsigned);
        ((ObjectNode) after.path("metadata")).putObject("labels").put("touched", "yes");

        Webhooks.Answer answer = post(server, "/mutate", review("UPDATE", after, before, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(counting.resolves.get() + counting.signatures.get()).isZero();
    }

    @Test
    void updateChangingTheImageIsVerified() {
        start();
        Webhooks.Answer denied = post(server, "/mutate", review("UPDATE", deployment("web", unsigned), deployment("web", signed), false));
        Webhooks.Answer allowed = post(server, "/mutate", review("UPDATE", deployment("web", signed), deployment("web", unsigned), false));

        assertThat(denied.allowed()).isFalse();
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.patch()).hasSize(2);
    }

    @Test
    void dryRunDecidesWithoutRecordingAReport() {
        start();
        Webhooks.Answer dry = post(server, "/mutate", review("CREATE", pod("dry", unsigned), null, true));
        Webhooks.Answer real = post(server, "/mutate", review("CREATE", pod("real", unsigned), null, false));

        assertThat(dry.allowed()).isFalse();
        assertThat(real.allowed()).isFalse();
        assertThat(server.reports().latest("Pod/default/dry")).isEmpty();
        assertThat(server.reports().latest("Pod/default/real")).isPresent();
    }

    @Test
    void deleteConnectAndKindsWithoutPodsNeedNoWork() {
        start();
        ObjectNode configMap = Webhooks.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", "cm");

        assertThat(post(server, "/mutate", review("DELETE", pod("web", unsigned), null, false)).allowed()).isTrue();
        assertThat(post(server, "/mutate", review("CONNECT", pod("web", unsigned), null, false)).allowed()).isTrue();
        assertThat(post(server, "/mutate", review("CREATE", configMap, null, false)).allowed()).isTrue();
        assertThat(counting.resolves.get() + counting.signatures.get()).isZero();
    }

    @Test
    void identicalConcurrentVerificationsReachTheRegistryOnce() throws Exception {
        start();
        String byDigest = registry.host() + "/demo/app@" + signedDigest;
        int n = 8;
        counting.hold();
        List<Future<Webhooks.Answer>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                answers.add(clients.submit(() -> post(server, "/validate", review("CREATE", pod("web", byDigest), null, false))));
            }
            while (server.metrics().coalescedCount() < n - 1) {
                Thread.sleep(10); // waits for all requests to queue behind the first; no time is asserted
            }
            counting.release();
            for (Future<Webhooks.Answer> answer : answers) {
                assertThat(answer.get().allowed()).isTrue();
            }
        }
        assertThat(counting.signatures.get()).isEqualTo(1);
    }

    @Test
    void cachedAnswersAreReusedUntilThePolicySetChanges() {
        start();
        JsonNode request = review("CREATE", pod("web", signed), null, false);
        post(server, "/mutate", request);
        post(server, "/validate", request);
        assertThat(counting.signatures.get()).isEqualTo(1);

        Webhooks.writePolicy(dir, "policy.yaml", Webhooks.policy("require-signed-v2", registry.host() + "/*", KEY, "Enforce"));
        assertThat(server.policies().reload()).isTrue();
        Webhooks.Answer after = post(server, "/mutate", request);

        assertThat(after.allowed()).isTrue();
        assertThat(counting.signatures.get()).isEqualTo(2);
    }

    @Test
    void cacheDisabledVerifiesEveryTime() {
        start("Enforce", c -> c.withCache(CacheSettings.disabled()));
        JsonNode request = review("CREATE", pod("web", signed), null, false);
        post(server, "/mutate", request);
        post(server, "/mutate", request);

        assertThat(counting.signatures.get()).isEqualTo(2);
        assertThat(counting.resolves.get()).isEqualTo(2);
    }

    @Test
    void metricsCountDecisionsCacheAndLatency() {
        start();
        JsonNode request = review("CREATE", pod("web", signed), null, false);
        post(server, "/mutate", request);
        post(server, "/mutate", request);
        post(server, "/validate", review("CREATE", pod("web", unsigned), null, false));

        Webhooks.Answer metrics = Webhooks.get(server, "/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("# TYPE cairn_admission_request_duration_seconds histogram")
                .contains("cairn_admission_request_duration_seconds_count{endpoint=\"/mutate\"} 2")
                .contains("cairn_admission_request_duration_seconds_bucket{endpoint=\"/mutate\",le=\"+Inf\"} 2")
                .contains("cairn_admission_request_duration_seconds_count{endpoint=\"/validate\"} 1")
                .contains("cairn_admission_decisions_total{result=\"allowed\"} 2")
                .contains("cairn_admission_decisions_total{result=\"denied\"} 1")
                .contains("cairn_verification_cache_hits_total 2") // second request: tag and signature
                .contains("cairn_verification_cache_misses_total 4")
                .contains("cairn_verifications_in_flight 0")
                .contains("cairn_policy_reload_errors_total 0")
                .contains("cairn_policy_set_generation 1");
    }

    @Test
    void healthAndReadiness() {
        start();
        assertThat(Webhooks.get(server, "/healthz").status()).isEqualTo(200);
        Webhooks.Answer ready = Webhooks.get(server, "/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).startsWith("ready: 1 policy, generation 1");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        start();
        assertThat(Webhooks.get(server, "/mutate").status()).isEqualTo(405);
        assertThat(Webhooks.get(server, "/mutate/extra").status()).isEqualTo(404);
        assertThat(Webhooks.get(server, "/").status()).isEqualTo(404);
    }
}
