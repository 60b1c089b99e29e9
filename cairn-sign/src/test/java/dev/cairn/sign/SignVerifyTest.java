package dev.cairn.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.sign.wire.Json;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cairn.sign.SigningHarness.image;
import static dev.cairn.sign.SigningHarness.otherVerifier;
import static dev.cairn.sign.SigningHarness.signer;
import static dev.cairn.sign.SigningHarness.verifier;
import static org.assertj.core.api.Assertions.assertThat;

/** Sign and verify the real fixture images, in both formats, in a real registry and an OCI layout. */
class SignVerifyTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    private static final AtomicInteger REPO = new AtomicInteger();

    @TempDir
    Path tmp;

    enum Where { REGISTRY, LAYOUT }

    private ImageStore store(Where where) {
        return switch (where) {
            case REGISTRY -> registry.store("demo/sign-" + REPO.incrementAndGet());
            case LAYOUT -> OciLayout.at(tmp.resolve("layout"));
        };
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void signedInBothFormatsVerifiesInBoth(Where where) {
        SubjectImage app = image(store(where), "app-1");
        assertThat(app.digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        assertThat(verifier().verifySignatures(app, Map.of()).ok()).isFalse();

        signer().sign(app, Map.of("team", "core"), SignatureFormat.BUNDLE);
        signer().sign(app, Map.of("team", "core"), SignatureFormat.LEGACY);

        Verdict<Verdict.Signature> verdict = verifier().verifySignatures(app, Map.of("team", "core"));
        assertThat(verdict.rejected()).isEmpty();
        assertThat(verdict.verified()).extracting(Verdict.Signature::format)
                .containsExactlyInAnyOrder(SignatureFormat.BUNDLE, SignatureFormat.LEGACY);
        assertThat(verdict.verified()).allSatisfy(s -> {
            assertThat(s.claim().manifestDigest()).isEqualTo(app.digest());
            assertThat(s.claim().optional()).containsEntry("team", "core");
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void otherFixtureImagesAreUnaffected(Where where) {
        ImageStore store = store(where);
        SubjectImage app1 = image(store, "app-1");
        SubjectImage app2 = image(store, "app-2");
        signer().sign(app1, Map.of(), SignatureFormat.BUNDLE);
        signer().sign(app1, Map.of(), SignatureFormat.LEGACY);

        Verdict<Verdict.Signature> unsigned = verifier().verifySignatures(app2, Map.of());
        assertThat(unsigned.ok()).isFalse();
        assertThat(unsigned.failureMessage("signature")).startsWith("no signature for ")
                .contains(app2.digest().toString()).contains("looked in referrers and tag " + app2.digest().tagPrefix() + ".sig");
    }

    @ParameterizedTest
    @EnumSource(SignatureFormat.class)
    void wrongKeyIsRejected(SignatureFormat format) {
        SubjectImage app = image(store(Where.REGISTRY), "base");
        signer().sign(app, Map.of(), format);
        Verdict<Verdict.Signature> verdict = otherVerifier().verifySignatures(app, Map.of());
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.rejected()).singleElement().extracting(Verdict.Rejection::reason)
                .isEqualTo("signature does not verify with the given key");
        assertThat(verdict.failureMessage("signature")).startsWith("no valid signature for ");
    }

    @ParameterizedTest
    @EnumSource(SignatureFormat.class)
    void annotationMismatchIsRejected(SignatureFormat format) {
        SubjectImage app = image(store(Where.LAYOUT), "base");
        signer().sign(app, Map.of("env", "staging"), format);
        Verdict<Verdict.Signature> verdict = verifier().verifySignatures(app, Map.of("env", "prod"));
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.rejected()).singleElement().extracting(Verdict.Rejection::reason)
                .isEqualTo("annotation env=prod required, payload has env=staging");
        assertThat(verifier().verifySignatures(app, Map.of("missing", "x")).rejected()).singleElement()
                .extracting(Verdict.Rejection::reason).isEqualTo("annotation missing=x required, payload has none");
    }

    @ParameterizedTest
    @EnumSource(SignatureFormat.class)
    void attestationVerifiesByTypeAndZeroMatchesFails(SignatureFormat format) {
        SubjectImage app = image(store(Where.REGISTRY), "app-1");
        ObjectNode predicate = Json.MAPPER.createObjectNode();
        predicate.putObject("runDetails").putObject("builder").put("id", "https://example.com/builder");
        signer().attest(app, PredicateTypes.resolve("slsaprovenance1"), predicate, format);
        signer().sign(app, Map.of(), format); // a signature must not count as an attestation

        Verdict<Verdict.Attestation> slsa = verifier().verifyAttestations(app, Optional.of("https://slsa.dev/provenance/v1"));
        assertThat(slsa.verified()).singleElement().satisfies(a -> {
            assertThat(a.format()).isEqualTo(format);
            assertThat(a.statement().isAbout(app.digest())).isTrue();
            assertThat(a.statement().predicate().path("runDetails").path("builder").path("id").asText()).isEqualTo("https://example.com/builder");
        });
        assertThat(verifier().verifyAttestations(app, Optional.of(PredicateTypes.resolve("cyclonedx"))).ok()).isFalse();
        assertThat(otherVerifier().verifyAttestations(app, Optional.empty()).ok()).isFalse();
    }
}
