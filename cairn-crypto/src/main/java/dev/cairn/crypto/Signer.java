package dev.cairn.crypto;

import java.security.PublicKey;

/**
 * Something that signs with a private key it never hands out: a key held in memory or one inside a
 * PKCS#11 token. Signatures are encoded as cosign writes them (ECDSA as ASN.1 DER, Ed25519 raw 64
 * bytes, RSA PKCS#1 v1.5); the scheme follows from the key ({@link #algorithm()}), so no caller picks
 * a hash or padding.
 */
public interface Signer extends AutoCloseable {

    /** Signs {@code message} (the whole payload, not a digest); failures are {@code CairnException(KEY)}. */
    byte[] sign(byte[] message);

    PublicKey publicKey();

    default SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.forKey(publicKey());
    }

    /** A verifier for this signer's own signatures. */
    default SignatureVerifier verifier() {
        return SignatureVerifier.of(publicKey());
    }

    /** Releases token sessions; a no-op for in-memory keys. */
    @Override
    default void close() {
    }
}
