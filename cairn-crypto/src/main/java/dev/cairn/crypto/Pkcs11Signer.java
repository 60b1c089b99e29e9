package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Signs with a private key that stays inside a PKCS#11 token. Tokens such as SoftHSM offer only the raw
 * mechanisms (CKM_ECDSA over a digest, CKM_RSA_PKCS over a DigestInfo), so the message is hashed here and
 * the token's raw r‖s ECDSA output is re-encoded as the ASN.1 DER that cosign and our verifier expect.
 * One session per signer; {@link #sign} is serialised because a Cryptoki session is not concurrent.
 */
final class Pkcs11Signer implements Signer {
    private final Pkcs11Module module;
    private final long session;
    private final long privateKey;
    private final PublicKey publicKey;
    private final SignatureAlgorithm algorithm;
    private boolean closed;

    Pkcs11Signer(Pkcs11Module module, long session, long privateKey, PublicKey publicKey) {
        this.module = module;
        this.session = session;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.algorithm = SignatureAlgorithm.forKey(publicKey);
    }

    @Override
    public synchronized byte[] sign(byte[] message) {
        if (closed) {
            throw new IllegalStateException("PKCS#11 signer is closed");
        }
        byte[] digest = digest(message);
        return switch (algorithm) {
            case ECDSA_P256_SHA256, ECDSA_P384_SHA384, ECDSA_P521_SHA512 ->
                    toDer(module.sign(session, Pkcs11Module.CKM_ECDSA, privateKey, digest));
            case RSA_PKCS1_SHA256 -> module.sign(session, Pkcs11Module.CKM_RSA_PKCS, privateKey, digestInfo(digest));
            case ED25519 -> throw new CairnException(ErrorCode.UNSUPPORTED, "Ed25519 keys in PKCS#11 tokens are not supported yet");
        };
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            module.closeSession(session);
        }
    }

    private byte[] digest(byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestName().isEmpty() ? "SHA-256" : algorithm.digestName())
                    .digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new CairnException(ErrorCode.INTERNAL, "the JDK lacks " + algorithm.digestName(), e);
        }
    }

    /** PKCS#11 returns ECDSA signatures as r‖s, each half the length of the curve order. */
    static byte[] toDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new CairnException(ErrorCode.KEY, "PKCS#11 token returned a malformed ECDSA signature of " + raw.length + " bytes");
        }
        int half = raw.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length));
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot encode an ECDSA signature", e);
        }
    }

    private static byte[] digestInfo(byte[] sha256) {
        try {
            return new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), sha256)
                    .getEncoded();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot encode a DigestInfo", e);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Signer[" + algorithm + ", " + module.library() + "]";
    }
}
