package dev.cairn.sign;

import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.Signer;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Descriptor;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;

import java.time.Clock;
import java.util.Optional;

/** Shared set-up for signing tests: fixture images copied into a store, and fresh keys. */
final class SigningHarness {
    static final SigningKeyPair KEY = SigningKeyPair.generate();
    static final SigningKeyPair OTHER_KEY = SigningKeyPair.generate();

    private SigningHarness() {
    }

    /** Copies fixture image {@code name} (base, app-1, app-2) into {@code store}; returns it as a subject. */
    static SubjectImage image(ImageStore store, String name) {
        ManifestBlob copied = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), name, store, Optional.of(name));
        return subject(store, copied.descriptor());
    }

    static SubjectImage subject(ImageStore store, Descriptor descriptor) {
        return new SubjectImage(store, descriptor, store.location());
    }

    static ImageSigner signer() {
        return new ImageSigner(KEY.signer(), Clock.systemUTC());
    }

    static ImageSigner signer(Signer signer) {
        return new ImageSigner(signer, Clock.systemUTC());
    }

    static ImageVerifier verifier() {
        return new ImageVerifier(SignatureVerifier.of(KEY.publicKey()));
    }

    static ImageVerifier otherVerifier() {
        return new ImageVerifier(SignatureVerifier.of(OTHER_KEY.publicKey()));
    }
}
