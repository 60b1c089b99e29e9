package dev.cairn.policy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.Verifications;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Real images in a real registry, signed and attested with real keys, for policy tests: the shared
 * fixture images ({@code base}, {@code app-1}, {@code app-2}) copied into a {@link RegistryFixture}
 * under any repository and tag, signed with {@link #KEY_A} or {@link #KEY_B} (cosign formats), and
 * attested with any predicate. Use one per test class beside the registry:
 * <pre>
 *   &#64;RegisterExtension static RegistryFixture registry = new RegistryFixture();
 *   static SignedImages images = new SignedImages(registry);
 * </pre>
 */
public final class SignedImages {
    public static final SigningKeyPair KEY_A = SigningKeyPair.generate();
    public static final SigningKeyPair KEY_B = SigningKeyPair.generate();
    public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";
    public static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
    public static final String CYCLONEDX = "https://cyclonedx.org/bom";

    private final RegistryFixture registry;

    public SignedImages(RegistryFixture registry) {
        this.registry = registry;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return registry.host();
    }

    /** Copies fixture {@code fixture} to {@code repository:tag}; returns {@code host/repository:tag}. */
    public String push(String fixture, String repository, String tag) {
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), fixture, registry.store(repository), Optional.of(tag));
        return host() + "/" + repository + ":" + tag;
    }

    /** The digest {@code repository:tag} names now. */
    public Digest digest(String repository, String tag) {
        return registry.store(repository).manifest(tag).map(ManifestBlob::digest).orElseThrow();
    }

    /**
     * Signs what {@code repository:tag} names now, in cosign's legacy {@code .sig} tag unless told otherwise:
     * that is what a Kyverno policy of the default {@code type: Cosign} reads.
     */
    public void sign(String repository, String tag, SigningKeyPair key, Map<String, String> annotations) {
        sign(repository, tag, key, annotations, SignatureFormat.LEGACY);
    }

    public void sign(String repository, String tag, SigningKeyPair key, Map<String, String> annotations, SignatureFormat format) {
        new ImageSigner(key.signer(), Clock.systemUTC()).sign(subject(repository, tag), annotations, format);
    }

    /** Attests {@code predicate} of {@code predicateType} about what {@code repository:tag} names now (legacy {@code .att} tag). */
    public void attest(String repository, String tag, SigningKeyPair key, String predicateType, JsonNode predicate) {
        attest(repository, tag, key, predicateType, predicate, SignatureFormat.LEGACY);
    }

    public void attest(String repository, String tag, SigningKeyPair key, String predicateType, JsonNode predicate, SignatureFormat format) {
        new ImageSigner(key.signer(), Clock.systemUTC()).attest(subject(repository, tag), predicateType, predicate, format);
    }

    private SubjectImage subject(String repository, String tag) {
        RegistryStore store = registry.store(repository);
        ManifestBlob manifest = store.manifest(tag).orElseThrow(() -> new IllegalStateException("no " + repository + ":" + tag));
        return new SubjectImage(store, manifest.descriptor(), store.location());
    }

    /** The PEM of a key's public half, as a policy's {@code publicKeys} holds it. */
    public static String pem(SigningKeyPair key) {
        return PublicKeys.toPem(key.publicKey()).strip();
    }

    /** Verifications straight against the registry, as {@code cairn policy apply} makes them. */
    public Verifications verifications() {
        return new RegistryVerifications(RegistryFixture.options());
    }
}
