package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * Verifies signatures made by one public key. Pure: no I/O, no state between calls. A bad or
 * malformed signature is an expected outcome and yields {@code false}; only an unusable key (refused
 * by the key policy) fails, and it fails at construction.
 */
public final class SignatureVerifier {
    private final PublicKey key;
    private final SignatureAlgorithm algorithm;

    private SignatureVerifier(PublicKey key, SignatureAlgorithm algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** A verifier for {@code key}; throws {@code CairnException(KEY)} if the key is weak or unsupported. */
    public static SignatureVerifier of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(key);
        // Re-import through the JDK's own providers: keys from a token or another provider would otherwise
        // pick an arbitrary provider for verification.
        return new SignatureVerifier(normalize(key, algorithm), algorithm);
    }

    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (signature == null || signature.length == 0) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | IllegalArgumentException | ProviderException e) {
            // Malformed DER, wrong length, out-of-range integers: all just "not a valid signature".
            return false;
        } catch (InvalidKeyException | NoSuchAlgorithmException e) {
            throw new CairnException(ErrorCode.INTERNAL, "the JDK cannot verify " + algorithm + " signatures", e);
        }
    }

    public PublicKey publicKey() {
        return key;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    static PublicKey normalize(PublicKey key, SignatureAlgorithm algorithm) {
        try {
            return KeyFactory.getInstance(algorithm.keyFactoryAlgorithm())
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.KEY, "public key cannot be imported: " + e.getMessage(), e);
        }
    }
}
