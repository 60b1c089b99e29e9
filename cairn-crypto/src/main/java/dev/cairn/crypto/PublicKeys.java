package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Public keys to and from PEM: {@code PUBLIC KEY} (PKIX), or the key inside a {@code CERTIFICATE}. */
public final class PublicKeys {
    private PublicKeys() {
    }

    /** The public key in {@code pem}; it must pass the key policy. */
    public static PublicKey fromPem(String pem, String source) {
        PemBlock block = Pem.decodeFirst(pem, source);
        return switch (block.type()) {
            case "PUBLIC KEY" -> fromDer(block.bytes(), source);
            case "CERTIFICATE" -> fromCertificate(block.bytes(), source);
            default -> throw new CairnException(ErrorCode.KEY, source + " holds a '" + block.type()
                    + "' block; a public key (PUBLIC KEY) or certificate (CERTIFICATE) is needed");
        };
    }

    /** A PKIX SubjectPublicKeyInfo in DER. */
    public static PublicKey fromDer(byte[] der, String source) {
        SignatureAlgorithm algorithm;
        PublicKey parsed;
        try {
            SubjectPublicKeyInfo.getInstance(der); // structure first, for a clear error on garbage
            parsed = new RawPublicKey(der);
            algorithm = SignatureAlgorithm.forKey(parsed);
        } catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.KEY, "cannot read " + source + ": not a valid public key", e);
        } catch (CairnException e) {
            throw new CairnException(e.code(), e.getMessage() + " (in " + source + ")", e);
        }
        return SignatureVerifier.normalize(parsed, algorithm);
    }

    public static String toPem(PublicKey key) {
        return Pem.encode(new PemBlock("PUBLIC KEY", key.getEncoded()));
    }

    private static PublicKey fromCertificate(byte[] der, String source) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return fromDer(certificate.getPublicKey().getEncoded(), source);
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.KEY, "cannot read the certificate in " + source + ": "
                    + Pem.oneLine(e.getMessage()), e);
        }
    }

    /** Carries encoded bytes to the key policy before any provider has parsed them. */
    private record RawPublicKey(byte[] encoded) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "unknown";
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return encoded.clone();
        }
    }
}
