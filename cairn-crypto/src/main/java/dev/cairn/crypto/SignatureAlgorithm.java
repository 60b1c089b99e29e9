package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The signature schemes Cairn signs and verifies with, one per key type. The scheme is always derived
 * from the key ({@link #forKey}), never chosen by a caller, so a key cannot be used with the wrong
 * hash or padding. Deriving it is also where the key policy lives: weak RSA and unlisted curves are
 * refused here, so every signer and verifier inherits the same rules.
 */
public enum SignatureAlgorithm {
    /** cosign's default: ECDSA on P-256 over SHA-256, ASN.1 DER signature. */
    ECDSA_P256_SHA256("SHA256withECDSA", "SHA-256", "EC"),
    ECDSA_P384_SHA384("SHA384withECDSA", "SHA-384", "EC"),
    ECDSA_P521_SHA512("SHA512withECDSA", "SHA-512", "EC"),
    /** Pure Ed25519 (the message itself is signed, not a pre-hash). */
    ED25519("Ed25519", "", "Ed25519"),
    RSA_PKCS1_SHA256("SHA256withRSA", "SHA-256", "RSA");

    /** Below this, RSA is factorable by a well-funded attacker; cosign's goodkey refuses it too. */
    public static final int MIN_RSA_BITS = 2048;
    /** Above this, verifying becomes a CPU sink a hostile key could exploit; no real key is bigger. */
    public static final int MAX_RSA_BITS = 16384;

    private final String jcaName;
    private final String digestName;
    private final String keyFactoryAlgorithm;

    SignatureAlgorithm(String jcaName, String digestName, String keyFactoryAlgorithm) {
        this.jcaName = jcaName;
        this.digestName = digestName;
        this.keyFactoryAlgorithm = keyFactoryAlgorithm;
    }

    String jcaName() {
        return jcaName;
    }

    /** The message digest applied before signing; empty for Ed25519, which hashes internally. */
    String digestName() {
        return digestName;
    }

    String keyFactoryAlgorithm() {
        return keyFactoryAlgorithm;
    }

    /**
     * The scheme for this public key, or a {@link CairnException} ({@link ErrorCode#KEY}) when the key
     * is of a type, curve or size we refuse. Works for keys of any provider (including PKCS#11) because
     * it reads the standard SubjectPublicKeyInfo encoding.
     */
    public static SignatureAlgorithm forKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new CairnException(ErrorCode.KEY, "public key of type " + key.getAlgorithm() + " has no standard encoding");
        }
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(encoded);
        } catch (RuntimeException e) {
            throw new CairnException(ErrorCode.KEY, "public key is not a valid SubjectPublicKeyInfo", e);
        }
        ASN1ObjectIdentifier type = spki.getAlgorithm().getAlgorithm();
        if (type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return forCurve(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid ? oid : null);
        }
        if (type.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return ED25519;
        }
        if (type.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            BigInteger modulus = key instanceof RSAPublicKey rsa ? rsa.getModulus() : rsaModulus(spki);
            int bits = modulus.bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new CairnException(ErrorCode.KEY,
                        "RSA key of " + bits + " bits is too weak: at least " + MIN_RSA_BITS + " bits are required");
            }
            if (bits > MAX_RSA_BITS) {
                throw new CairnException(ErrorCode.KEY,
                        "RSA key of " + bits + " bits is larger than the " + MAX_RSA_BITS + " bits Cairn accepts");
            }
            return RSA_PKCS1_SHA256;
        }
        throw new CairnException(ErrorCode.KEY, "unsupported key type " + type.getId()
                + ": Cairn signs with ECDSA (P-256, P-384, P-521), Ed25519 or RSA");
    }

    private static SignatureAlgorithm forCurve(ASN1ObjectIdentifier curve) {
        if (SECObjectIdentifiers.secp256r1.equals(curve)) {
            return ECDSA_P256_SHA256;
        }
        if (SECObjectIdentifiers.secp384r1.equals(curve)) {
            return ECDSA_P384_SHA384;
        }
        if (SECObjectIdentifiers.secp521r1.equals(curve)) {
            return ECDSA_P521_SHA512;
        }
        // Explicit curve parameters are refused too: they are how CVE-2020-0601-style attacks smuggle a
        // forged generator past a verifier.
        throw new CairnException(ErrorCode.KEY, "unsupported elliptic curve "
                + (curve == null ? "(explicit parameters)" : curve.getId()) + ": only P-256, P-384 and P-521 are accepted");
    }

    private static BigInteger rsaModulus(SubjectPublicKeyInfo spki) {
        try {
            return org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
        } catch (java.io.IOException | RuntimeException e) {
            throw new CairnException(ErrorCode.KEY, "RSA public key is malformed", e);
        }
    }
}
