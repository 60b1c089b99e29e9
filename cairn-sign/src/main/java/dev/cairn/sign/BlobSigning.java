package dev.cairn.sign;

import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.Signer;
import dev.cairn.model.Digest;
import dev.cairn.sign.wire.Bundle;

import java.util.Optional;

/** Signs and verifies files as {@code cosign sign-blob} / {@code verify-blob} do. */
public final class BlobSigning {
    private BlobSigning() {
    }

    /** A bundle holding the signature over the blob and the blob's SHA-256. */
    public static Bundle sign(Signer signer, byte[] blob) {
        byte[] signature = signer.sign(blob);
        return Bundle.withKey(signer.publicKey(),
                new Bundle.Content.MessageSignature(Optional.of(Digest.sha256(blob)), signature));
    }

    /** Empty when the bundle's signature over {@code blob} verifies with the key; otherwise why not. */
    public static Optional<String> verify(SignatureVerifier key, Bundle bundle, byte[] blob) {
        if (!(bundle.content() instanceof Bundle.Content.MessageSignature message)) {
            return Optional.of("bundle holds a DSSE envelope, not a blob signature; use verify-attestation or verify");
        }
        if (message.messageDigest().isPresent() && !message.messageDigest().get().matches(blob)) {
            return Optional.of("bundle is for another file: its digest is " + message.messageDigest().get()
                    + ", the file's is " + Digest.sha256(blob));
        }
        return verifySignature(key, message.signature(), blob);
    }

    /** Empty when a bare signature (cosign's {@code --signature} file) over {@code blob} verifies. */
    public static Optional<String> verifySignature(SignatureVerifier key, byte[] signature, byte[] blob) {
        return key.verify(blob, signature) ? Optional.empty() : Optional.of("signature does not verify with the given key");
    }
}
