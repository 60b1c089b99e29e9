package dev.cairn.policy;

import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.SignatureVerifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key a policy trusts, with a fingerprint (SHA-256 of its DER encoding) that names it in
 * cache keys and messages: two policies that trust the same key share verifications.
 */
public record TrustedKey(SignatureVerifier verifier, String fingerprint) {
    public TrustedKey {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Parses a PEM public key from a policy; {@code source} names it in errors. */
    public static TrustedKey fromPem(String pem, String source) {
        PublicKey key = PublicKeys.fromPem(pem, source);
        return new TrustedKey(SignatureVerifier.of(key), sha256(key.getEncoded()));
    }

    /** The first 12 hex digits, enough to tell keys apart in a message. */
    public String shortFingerprint() {
        return fingerprint.substring(0, 12);
    }

    private static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "key " + shortFingerprint();
    }

}
