package dev.cairn.sign;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Envelope;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.sign.wire.Bundle;
import dev.cairn.sign.wire.Json;
import dev.cairn.sign.wire.SimpleSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cairn.sign.SigningHarness.image;
import static dev.cairn.sign.SigningHarness.signer;
import static dev.cairn.sign.SigningHarness.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each test is named after the attack it stops. */
class SignatureAttacksTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    private static final AtomicInteger REPO = new AtomicInteger();

    private static RegistryStore freshRepository() {
        return registry.store("demo/attack-" + REPO.incrementAndGet());
    }

    @Test
    void legacySignatureOverAnotherDigestIsRejected() {
        ImageStore store = freshRepository();
        SubjectImage base = image(store, "base");
        SubjectImage app = image(store, "app-1");
        signer().sign(base, Map.of(), SignatureFormat.LEGACY);
        // replay base's valid .sig manifest as app-1's
        ManifestBlob sig = store.manifest(base.digest().tagPrefix() + ".sig").orElseThrow();
        store.putManifest(sig, Optional.of(app.digest().tagPrefix() + ".sig"));

        Verdict<Verdict.Signature> verdict = verifier().verifySignatures(app, Map.of());
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.rejected()).singleElement().extracting(Verdict.Rejection::reason)
                .isEqualTo("payload claims digest " + base.digest() + ", not " + app.digest());
    }

    @Test
    void bundleWhoseDsseSubjectDoesNotMatchIsRejected() {
        ImageStore store = freshRepository();
        SubjectImage base = image(store, "base");
        SubjectImage app = image(store, "app-1");
        signer().sign(base, Map.of(), SignatureFormat.BUNDLE);
        Bundle stolen = new AttachmentStore(store).bundles(base.digest()).get(0).bundle();
        // attach base's genuine bundle to app-1 as if it were app-1's
        new AttachmentStore(store).attachBundle(app.descriptor(), stolen, PredicateTypes.COSIGN_SIGN_V1, Instant.now());

        Verdict<Verdict.Signature> verdict = verifier().verifySignatures(app, Map.of());
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.rejected()).singleElement().extracting(Verdict.Rejection::reason)
                .isEqualTo("statement is about another artifact, not " + app.digest());
    }

    @Test
    void tamperedLegacyPayloadIsRejected() {
        ImageStore store = freshRepository();
        SubjectImage base = image(store, "base");
        SubjectImage app = image(store, "app-1");
        signer().sign(base, Map.of(), SignatureFormat.LEGACY);
        String stolenSignature = new AttachmentStore(store).legacyLayers(base.digest(), AttachmentStore.LegacyTag.SIGNATURES)
                .get(0).descriptor().annotations().get(AttachmentStore.SIGNATURE_ANNOTATION);
        byte[] forged = new SimpleSigning(store.location(), app.digest(), SimpleSigning.COSIGN_TYPE, Map.of()).encode();
        new AttachmentStore(store).appendLegacy(app.digest(), AttachmentStore.LegacyTag.SIGNATURES, forged,
                Map.of(AttachmentStore.SIGNATURE_ANNOTATION, stolenSignature));

        assertThat(verifier().verifySignatures(app, Map.of()).rejected()).singleElement()
                .extracting(Verdict.Rejection::reason).isEqualTo("signature does not verify with the given key");
    }

    @Test
    void tamperedDssePayloadIsRejected() {
        ImageStore store = freshRepository();
        SubjectImage app = image(store, "app-1");
        signer().sign(app, Map.of("env", "staging"), SignatureFormat.BUNDLE);
        Bundle genuine = new AttachmentStore(store).bundles(app.digest()).get(0).bundle();
        Envelope envelope = genuine.envelope();
        byte[] edited = new String(envelope.payload(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("staging", "prod").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Bundle forged = Bundle.withKey(SigningHarness.KEY.publicKey(),
                new Bundle.Content.Dsse(new Envelope(envelope.payloadType(), edited, envelope.signatures())));
        SubjectImage base = image(store, "base");
        new AttachmentStore(store).attachBundle(app.descriptor(), forged, PredicateTypes.COSIGN_SIGN_V1, Instant.now());

        Verdict<Verdict.Signature> prod = verifier().verifySignatures(app, Map.of("env", "prod"));
        assertThat(prod.ok()).isFalse();
        assertThat(prod.rejected()).extracting(Verdict.Rejection::reason)
                .contains("signature does not verify with the given key");
        assertThat(verifier().verifySignatures(base, Map.of()).ok()).isFalse();
    }

    @Test
    void signatureManifestWithThousandsOfLayersIsRefused() {
        RegistryStore store = freshRepository();
        SubjectImage app = image(store, "app-1");
        Descriptor layer = store.putBlob(MediaTypes.SIMPLE_SIGNING, "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .withAnnotations(Map.of(AttachmentStore.SIGNATURE_ANNOTATION, "AAAA"));
        Descriptor config = store.putBlob(MediaTypes.OCI_CONFIG, "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int layers : new int[] {500, 5000}) {
            ManifestBlob flood = layers <= 1000
                    ? ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config,
                            Collections.nCopies(layers, layer), Optional.empty(), Optional.empty(), Map.of()))
                    : rawManifest(config, layer, layers); // our encoder refuses to write it; an attacker's would not
            pushRaw(store, flood, app.digest().tagPrefix() + ".sig"); // as an attacker would, past our own client's limits
            assertThatThrownBy(() -> verifier().verifySignatures(app, Map.of()))
                    .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining(String.valueOf(layers))
                    .hasMessageNotContaining("\n");
        }
    }

    private static void pushRaw(RegistryStore store, ManifestBlob manifest, String tag) {
        String repository = store.location().substring(store.location().indexOf('/') + 1);
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://" + registry.host() + "/v2/" + repository + "/manifests/" + tag))
                    .header("Content-Type", manifest.mediaType())
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static ManifestBlob rawManifest(Descriptor config, Descriptor layer, int layers) {
        var root = Json.MAPPER.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
        root.putObject("config").put("mediaType", config.mediaType()).put("digest", config.digest().toString()).put("size", config.size());
        var array = root.putArray("layers");
        for (int i = 0; i < layers; i++) {
            var l = array.addObject().put("mediaType", layer.mediaType()).put("digest", layer.digest().toString()).put("size", layer.size());
            l.putObject("annotations").put(AttachmentStore.SIGNATURE_ANNOTATION, "AAAA");
        }
        return ManifestBlob.of(Json.bytes(root), MediaTypes.OCI_MANIFEST);
    }

    @Test
    void hugeSignaturePayloadIsRefused() {
        ImageStore store = freshRepository();
        SubjectImage app = image(store, "app-1");
        byte[] huge = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        new AttachmentStore(store).appendLegacy(app.digest(), AttachmentStore.LegacyTag.SIGNATURES, huge,
                Map.of(AttachmentStore.SIGNATURE_ANNOTATION, "AAAA"));
        assertThatThrownBy(() -> verifier().verifySignatures(app, Map.of()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageNotContaining("\n");
    }

    @Test
    void tagSwappedAfterSigningIsNotVerified() {
        RegistryStore store = freshRepository();
        OciLayout fixtures = OciLayout.at(Fixtures.ociLayout());
        ImageCopy.copy(fixtures, "app-1", store, Optional.of("release"));
        SubjectImage signed = SigningHarness.subject(store, store.manifest("release").orElseThrow().descriptor());
        signer().sign(signed, Map.of(), SignatureFormat.BUNDLE);
        signer().sign(signed, Map.of(), SignatureFormat.LEGACY);
        assertThat(verifier().verifySignatures(signed, Map.of()).ok()).isTrue();

        ImageCopy.copy(fixtures, "app-2", store, Optional.of("release")); // someone moves the tag
        SubjectImage swapped = SigningHarness.subject(store, store.manifest("release").orElseThrow().descriptor());
        assertThat(swapped.digest()).isEqualTo(Fixtures.manifestDigest("app-2"));
        assertThat(verifier().verifySignatures(swapped, Map.of()).ok()).isFalse();
    }

    @Test
    void concurrentSignersDoNotLoseEachOthersSignatures() throws Exception {
        String repository = "demo/race-" + REPO.incrementAndGet();
        SubjectImage app = image(registry.store(repository), "app-1");
        int signers = 2;
        int each = 4;
        ExecutorService pool = Executors.newFixedThreadPool(signers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < signers; s++) {
                int who = s;
                futures.add(pool.submit(() -> {
                    // each signer has its own client, as two processes would
                    SubjectImage own = SigningHarness.subject(registry.store(repository), app.descriptor());
                    for (int i = 0; i < each; i++) {
                        signer().sign(own, Map.of("signer", who + "-" + i), SignatureFormat.LEGACY);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Verdict<Verdict.Signature> verdict = verifier().verifySignatures(app, Map.of());
        assertThat(verdict.verified()).hasSize(signers * each);
        assertThat(verdict.verified()).extracting(s -> s.claim().optional().get("signer")).doesNotHaveDuplicates();
    }

    @Test
    void envelopeWithWrongPayloadTypeIsRejected() {
        ImageStore store = freshRepository();
        SubjectImage app = image(store, "app-1");
        byte[] statement = Json.bytes(Json.MAPPER.createObjectNode().put("_type", "https://in-toto.io/Statement/v1"));
        // a valid signature over the PAE of another payload type must not pass as an in-toto statement
        byte[] sig = SigningHarness.KEY.signer().sign(Envelope.pae("application/json", statement));
        Bundle bundle = Bundle.withKey(SigningHarness.KEY.publicKey(), new Bundle.Content.Dsse(
                new Envelope("application/json", statement, List.of(new Envelope.Signature("", sig)))));
        new AttachmentStore(store).attachBundle(app.descriptor(), bundle, PredicateTypes.COSIGN_SIGN_V1, Instant.now());
        assertThat(verifier().verifySignatures(app, Map.of()).rejected()).singleElement()
                .extracting(Verdict.Rejection::reason).asString().startsWith("envelope payload type is 'application/json'");
    }
}
