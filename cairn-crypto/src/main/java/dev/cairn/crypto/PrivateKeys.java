package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Private keys from PEM, in every form cosign imports: PKCS#8 ({@code PRIVATE KEY}), SEC1
 * ({@code EC PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}), password-protected PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}) and cosign's own encrypted format. The public key is always derived
 * from the private scalar or CRT parameters rather than trusted from the file, so the pair cannot be
 * mismatched.
 */
public final class PrivateKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PrivateKeys() {
    }

    /**
     * The key pair in {@code pem}. {@code password} is asked only for encrypted forms; {@code source}
     * names the file or variable in messages.
     */
    public static SigningKeyPair fromPem(String pem, Supplier<char[]> password, String source) {
        PemBlock block = Pem.decodeFirst(pem, source);
        return switch (block.type()) {
            case CosignKeyFormat.SIGSTORE_PEM_TYPE, CosignKeyFormat.COSIGN_PEM_TYPE ->
                    CosignKeyFormat.decrypt(block, password.get(), source);
            case "PRIVATE KEY" -> fromPkcs8(block.bytes(), source);
            case "EC PRIVATE KEY" -> fromPrivateKeyInfo(sec1ToPkcs8(block.bytes(), source), source);
            case "RSA PRIVATE KEY" -> fromPrivateKeyInfo(pkcs1ToPkcs8(block.bytes(), source), source);
            case "ENCRYPTED PRIVATE KEY" -> fromPrivateKeyInfo(decryptPkcs8(block.bytes(), password.get(), source), source);
            case "PUBLIC KEY", "CERTIFICATE" ->
                    throw new CairnException(ErrorCode.KEY, source + " holds a " + block.type().toLowerCase()
                            + ", not a private key: signing needs the private key");
            default -> throw new CairnException(ErrorCode.KEY,
                    "unsupported private key type '" + block.type() + "' in " + source);
        };
    }

    /** The key pair in a PKCS#8 DER PrivateKeyInfo. */
    public static SigningKeyPair fromPkcs8(byte[] der, String source) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw malformed(source, "PKCS#8", e);
        }
        return fromPrivateKeyInfo(info, source);
    }

    private static SigningKeyPair fromPrivateKeyInfo(PrivateKeyInfo info, String source) {
        AsymmetricKeyParameter privateParameters;
        try {
            privateParameters = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw malformed(source, "PKCS#8", e);
        }
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(derivePublic(privateParameters, source))
                    .getEncoded();
            String family = switch (privateParameters) {
                case ECPrivateKeyParameters ignored -> "EC";
                case Ed25519PrivateKeyParameters ignored -> "Ed25519";
                default -> "RSA";
            };
            KeyFactory factory = KeyFactory.getInstance(family);
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
            SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(publicKey); // the key policy
            byte[] pkcs8 = info.getEncoded();
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Arrays.fill(pkcs8, (byte) 0);
            return new SigningKeyPair(privateKey, publicKey, algorithm);
        } catch (IOException | GeneralSecurityException e) {
            throw new CairnException(ErrorCode.KEY, "cannot import the private key in " + source + ": "
                    + Pem.oneLine(e.getMessage()), e);
        }
    }

    private static AsymmetricKeyParameter derivePublic(AsymmetricKeyParameter key, String source) {
        return switch (key) {
            case ECPrivateKeyParameters ec -> new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
            case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
            case RSAPrivateCrtKeyParameters rsa -> new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            default -> throw new CairnException(ErrorCode.KEY, "unsupported private key type in " + source
                    + ": Cairn signs with ECDSA (P-256, P-384, P-521), Ed25519 or RSA (with CRT parameters)");
        };
    }

    private static PrivateKeyInfo sec1ToPkcs8(byte[] der, String source) {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            var curve = sec1.getParametersObject();
            if (curve == null) {
                throw new CairnException(ErrorCode.KEY, "EC private key in " + source + " does not name its curve");
            }
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw malformed(source, "SEC1 EC", e);
        }
    }

    private static PrivateKeyInfo pkcs1ToPkcs8(byte[] der, String source) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw malformed(source, "PKCS#1 RSA", e);
        }
    }

    private static PrivateKeyInfo decryptPkcs8(byte[] der, char[] password, String source) {
        PKCS8EncryptedPrivateKeyInfo encrypted;
        try {
            encrypted = new PKCS8EncryptedPrivateKeyInfo(der);
        } catch (IOException | RuntimeException e) {
            throw malformed(source, "encrypted PKCS#8", e);
        }
        InputDecryptorProvider decryptor;
        try {
            // Bouncy Castle's provider, passed rather than registered: PBES2 names ciphers the JDK lacks.
            decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
        } catch (OperatorCreationException e) {
            Arrays.fill(password, '\0');
            throw new CairnException(ErrorCode.KEY, "cannot decrypt " + source + ": unsupported encryption scheme", e);
        }
        try {
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (PKCSException e) {
            if (e.getCause() instanceof OperatorCreationException) {
                throw new CairnException(ErrorCode.KEY, "cannot decrypt " + source + ": unsupported encryption scheme ("
                        + Pem.oneLine(e.getMessage()) + ")", e);
            }
            throw new CairnException(ErrorCode.KEY, "cannot decrypt " + source + ": wrong password or corrupted key", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static CairnException malformed(String source, String what, Exception e) {
        return new CairnException(ErrorCode.KEY, "cannot read " + source + ": not a valid " + what + " private key ("
                + Pem.oneLine(e.getMessage()) + ")", e);
    }
}
