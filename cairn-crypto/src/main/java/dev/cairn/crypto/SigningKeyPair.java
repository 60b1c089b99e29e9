package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * A private key with its public key and the scheme both imply. Built only from a generated key or
 * from a private key whose public half was derived from it (see {@link PrivateKeys}), so the two halves
 * always match and the key has passed the key policy.
 */
public record SigningKeyPair(PrivateKey privateKey, PublicKey publicKey, SignatureAlgorithm algorithm) {

    public SigningKeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(algorithm, "algorithm");
        if (SignatureAlgorithm.forKey(publicKey) != algorithm) {
            throw new IllegalArgumentException("algorithm " + algorithm + " does not match the public key");
        }
    }

    /** A fresh ECDSA P-256 pair: cosign's default key type. */
    public static SigningKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            return new SigningKeyPair(pair.getPrivate(), pair.getPublic(), SignatureAlgorithm.ECDSA_P256_SHA256);
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.INTERNAL, "the JDK cannot generate P-256 keys", e);
        }
    }

    public Signer signer() {
        return new SoftwareSigner(privateKey, publicKey, algorithm);
    }

    /** The private key as PKCS#8 DER: what cosign encrypts. Handle with care. */
    byte[] pkcs8() {
        return privateKey.getEncoded();
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SigningKeyPair[" + algorithm + "]";
    }
}
