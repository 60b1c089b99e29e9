package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Finds a key named by a {@link Pkcs11Uri} in its token, following cosign: module from {@code module-path},
 * else {@code COSIGN_PKCS11_MODULE_PATH}, else SoftHSM's default path; slot from {@code slot-id} or the
 * token whose label is {@code token}; PIN from {@code pin-value}, {@code pin-source} (a file),
 * {@code COSIGN_PKCS11_PIN}, else the prompt. Where cosign uses only {@code id} when both {@code id} and
 * {@code object} are given, Cairn matches both, as RFC 7512 intends.
 */
final class Pkcs11Keys {
    static final String DEFAULT_MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final int MAX_PIN_FILE = 4096;

    private final Function<String, Optional<String>> environment;
    private final PasswordPrompt prompt;

    Pkcs11Keys(Function<String, Optional<String>> environment, PasswordPrompt prompt) {
        this.environment = environment;
        this.prompt = prompt;
    }

    Signer signer(Pkcs11Uri uri) {
        Pkcs11Module module = module(uri);
        long slot = slot(module, uri);
        long session = module.openSession(slot);
        try {
            char[] pin = pin(uri);
            try {
                module.login(session, pin);
            } finally {
                Arrays.fill(pin, '\0');
            }
            long privateKey = single(module, session, Pkcs11Module.CKO_PRIVATE_KEY, uri, "private key")
                    .orElseThrow(() -> new CairnException(ErrorCode.NOT_FOUND, "no private key " + describe(uri)
                            + " in PKCS#11 token " + tokenName(uri)));
            PublicKey publicKey = publicKey(module, session, uri, privateKey);
            return new Pkcs11Signer(module, session, privateKey, publicKey);
        } catch (RuntimeException e) {
            module.closeSession(session);
            throw e;
        }
    }

    PublicKey publicKey(Pkcs11Uri uri) {
        Pkcs11Module module = module(uri);
        long session = module.openSession(slot(module, uri));
        try {
            return publicKey(module, session, uri, -1);
        } finally {
            module.closeSession(session);
        }
    }

    private PublicKey publicKey(Pkcs11Module module, long session, Pkcs11Uri uri, long privateKey) {
        Optional<Long> publicObject = single(module, session, Pkcs11Module.CKO_PUBLIC_KEY, uri, "public key");
        if (publicObject.isPresent()) {
            return fromPublicObject(module, session, publicObject.get(), uri);
        }
        Optional<Long> certificate = single(module, session, Pkcs11Module.CKO_CERTIFICATE, uri, "certificate");
        if (certificate.isPresent()) {
            byte[] der = (byte[]) module.attribute(session, certificate.get(), Pkcs11Module.CKA_VALUE);
            try {
                var cert = CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
                return PublicKeys.fromDer(cert.getPublicKey().getEncoded(), uri.toString());
            } catch (CertificateException e) {
                throw new CairnException(ErrorCode.KEY, "certificate " + describe(uri) + " in the token is malformed", e);
            }
        }
        if (privateKey >= 0) {
            // RSA private key objects carry their public half; EC ones do not carry the point.
            return fromPublicObject(module, session, privateKey, uri);
        }
        throw new CairnException(ErrorCode.NOT_FOUND, "no public key or certificate " + describe(uri)
                + " in PKCS#11 token " + tokenName(uri));
    }

    private static PublicKey fromPublicObject(Pkcs11Module module, long session, long handle, Pkcs11Uri uri) {
        long keyType = ((Number) module.attribute(session, handle, Pkcs11Module.CKA_KEY_TYPE)).longValue();
        try {
            SubjectPublicKeyInfo spki;
            if (keyType == Pkcs11Module.CKK_EC) {
                ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(
                        (byte[]) module.attribute(session, handle, Pkcs11Module.CKA_EC_PARAMS));
                byte[] point = ecPoint((byte[]) module.attribute(session, handle, Pkcs11Module.CKA_EC_POINT), curve);
                spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point);
            } else if (keyType == Pkcs11Module.CKK_RSA) {
                BigInteger modulus = new BigInteger(1, (byte[]) module.attribute(session, handle, Pkcs11Module.CKA_MODULUS));
                BigInteger exponent = new BigInteger(1,
                        (byte[]) module.attribute(session, handle, Pkcs11Module.CKA_PUBLIC_EXPONENT));
                spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, exponent));
            } else {
                throw new CairnException(ErrorCode.UNSUPPORTED, "PKCS#11 key " + describe(uri) + " has key type 0x"
                        + Long.toHexString(keyType) + "; Cairn supports EC and RSA keys in tokens");
            }
            return PublicKeys.fromDer(spki.getEncoded(), uri.toString());
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new CairnException(ErrorCode.KEY, "public key " + describe(uri) + " in the token is malformed", e);
        }
    }

    /** CKA_EC_POINT should be a DER OCTET STRING around the point, but some tokens return the bare point. */
    private static byte[] ecPoint(byte[] value, ASN1ObjectIdentifier curve) throws IOException {
        var parameters = ECNamedCurveTable.getByOID(curve);
        if (parameters != null) {
            int fieldBytes = (parameters.getCurve().getFieldSize() + 7) / 8;
            if (value.length == 1 + 2 * fieldBytes && value[0] == 0x04) {
                return value;
            }
        }
        return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets();
    }

    private static Optional<Long> single(Pkcs11Module module, long session, long objectClass, Pkcs11Uri uri, String what) {
        long[] found = module.find(session, objectClass, uri.id().orElse(null),
                uri.object().map(o -> o.getBytes(StandardCharsets.UTF_8)).orElse(null));
        if (found.length > 1) {
            throw new CairnException(ErrorCode.KEY, found.length + " " + what + " objects match " + describe(uri)
                    + " in PKCS#11 token " + tokenName(uri) + "; give both object= and id= to pick one");
        }
        return found.length == 0 ? Optional.empty() : Optional.of(found[0]);
    }

    private Pkcs11Module module(Pkcs11Uri uri) {
        String path = uri.modulePath()
                .or(() -> environment.apply("COSIGN_PKCS11_MODULE_PATH").filter(s -> !s.isBlank()))
                .orElse(DEFAULT_MODULE);
        Path module = Path.of(path);
        if (!module.isAbsolute()) {
            throw new CairnException(ErrorCode.INVALID_INPUT, "PKCS#11 module-path " + path + " must be an absolute path");
        }
        if (!Files.isRegularFile(module)) {
            throw new CairnException(ErrorCode.NOT_FOUND, "PKCS#11 module " + path + " does not exist"
                    + (uri.modulePath().isEmpty() ? " (set module-path in the URI or COSIGN_PKCS11_MODULE_PATH)" : ""));
        }
        return Pkcs11Module.load(path);
    }

    private static long slot(Pkcs11Module module, Pkcs11Uri uri) {
        if (uri.slotId().isPresent()) {
            long slot = uri.slotId().get();
            uri.token().ifPresent(token -> {
                String label = module.tokenLabel(slot);
                if (!label.equals(token)) {
                    throw new CairnException(ErrorCode.NOT_FOUND, "PKCS#11 slot " + slot + " holds token '" + label
                            + "', not '" + token + "'");
                }
            });
            return slot;
        }
        String token = uri.token().orElseThrow();
        for (long slot : module.slotsWithTokens()) {
            if (module.tokenLabel(slot).equals(token)) {
                return slot;
            }
        }
        throw new CairnException(ErrorCode.NOT_FOUND, "no PKCS#11 token labelled '" + token + "' in " + module.library());
    }

    private char[] pin(Pkcs11Uri uri) {
        if (uri.pinValue().isPresent()) {
            return uri.pinValue().get().toCharArray();
        }
        if (uri.pinSource().isPresent()) {
            return pinFromFile(uri.pinSource().get());
        }
        return environment.apply("COSIGN_PKCS11_PIN").filter(s -> !s.isEmpty()).map(String::toCharArray)
                .orElseGet(() -> prompt.ask("Enter PIN for key " + describe(uri) + " in PKCS#11 token " + tokenName(uri)));
    }

    /** RFC 7512 pin-source: a file (optionally as a file: URI) whose first line is the PIN. */
    private static char[] pinFromFile(String source) {
        String location = source.startsWith("file://") ? source.substring(7)
                : source.startsWith("file:") ? source.substring(5) : source;
        Path file = Path.of(location);
        try {
            if (Files.size(file) > MAX_PIN_FILE) {
                throw new CairnException(ErrorCode.INVALID_INPUT, "pin-source " + file + " is too large to hold a PIN");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.KEY, "cannot read the PKCS#11 pin-source " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Pkcs11Uri uri) {
        return uri.object().map(o -> "'" + o + "'").orElse("") + uri.idHex().map(i -> " (id " + i + ")").orElse("");
    }

    private static String tokenName(Pkcs11Uri uri) {
        return uri.token().map(t -> "'" + t + "'").orElseGet(() -> "in slot " + uri.slotId().orElseThrow());
    }
}
