package dev.cairn.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * cosign's encrypted private key file: a PEM block {@code ENCRYPTED SIGSTORE PRIVATE KEY} (older files:
 * {@code ENCRYPTED COSIGN PRIVATE KEY}) whose body is the JSON of go-securesystemslib's
 * {@code encrypted} package:
 * <pre>{"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"…"},
 *  "cipher":{"name":"nacl/secretbox","nonce":"…"},"ciphertext":"…"}</pre>
 * with key = scrypt(password, salt, N, r, p, 32) and ciphertext = secretbox(PKCS#8 DER, nonce, key).
 * Byte fields are standard padded base64, as Go's encoding/json writes {@code []byte}.
 */
public final class CosignKeyFormat {
    public static final String SIGSTORE_PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    public static final String COSIGN_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

    static final String KDF_SCRYPT = "scrypt";
    static final String CIPHER_SECRETBOX = "nacl/secretbox";
    private static final int SALT_LENGTH = 32;
    private static final int MAX_SALT_LENGTH = 1024;
    private static final int MAX_CIPHERTEXT_LENGTH = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CosignKeyFormat() {
    }

    /** The PEM text of {@code key}'s private half encrypted under {@code password}, as cosign writes it. */
    public static String encrypt(SigningKeyPair key, char[] password) {
        return encrypt(key, password, ScryptParameters.COSIGN_DEFAULT);
    }

    static String encrypt(SigningKeyPair key, char[] password, ScryptParameters params) {
        Objects.requireNonNull(password, "password");
        byte[] salt = random(SALT_LENGTH);
        byte[] nonce = random(SecretBox.NONCE_LENGTH);
        byte[] pkcs8 = key.pkcs8();
        byte[] boxKey = deriveKey(password, salt, params);
        byte[] ciphertext = SecretBox.seal(boxKey, nonce, pkcs8);
        Arrays.fill(boxKey, (byte) 0);
        Arrays.fill(pkcs8, (byte) 0);

        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode kdf = root.putObject("kdf");
        kdf.put("name", KDF_SCRYPT);
        ObjectNode scrypt = kdf.putObject("params");
        scrypt.put("N", params.n());
        scrypt.put("r", params.r());
        scrypt.put("p", params.p());
        kdf.put("salt", b64.encodeToString(salt));
        ObjectNode cipher = root.putObject("cipher");
        cipher.put("name", CIPHER_SECRETBOX);
        cipher.put("nonce", b64.encodeToString(nonce));
        root.put("ciphertext", b64.encodeToString(ciphertext));
        try {
            byte[] body = JSON.writeValueAsBytes(root);
            return Pem.encode(new PemBlock(SIGSTORE_PEM_TYPE, body));
        } catch (JsonProcessingException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot encode the key envelope", e);
        }
    }

    /** Decrypts cosign PEM text; {@code source} names the file in messages. Zeroes {@code password}. */
    public static SigningKeyPair decrypt(String pem, char[] password, String source) {
        return decrypt(Pem.decodeFirst(pem, source), password, source);
    }

    static SigningKeyPair decrypt(PemBlock block, char[] password, String source) {
        if (!block.type().equals(SIGSTORE_PEM_TYPE) && !block.type().equals(COSIGN_PEM_TYPE)) {
            Arrays.fill(password, '\0');
            throw new CairnException(ErrorCode.KEY, source + " is a '" + block.type()
                    + "' block, not a cosign encrypted private key");
        }
        byte[] pkcs8 = open(block.bytes(), password, source);
        try {
            return PrivateKeys.fromPkcs8(pkcs8, source);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** The plaintext of a go-securesystemslib envelope (the JSON body); zeroes {@code password}. */
    static byte[] open(byte[] envelopeJson, char[] password, String source) {
        Objects.requireNonNull(password, "password");
        try {
            Envelope envelope = Envelope.parse(envelopeJson, source);
            // Bounds first: the parameters come from the file and scrypt would honour any of them.
            byte[] boxKey = deriveKey(password, envelope.salt(), envelope.params().requireAffordable(source));
            try {
                return SecretBox.open(boxKey, envelope.nonce(), envelope.ciphertext())
                        .orElseThrow(() -> new CairnException(ErrorCode.KEY,
                                "cannot decrypt " + source + ": wrong password or corrupted key"));
            } finally {
                Arrays.fill(boxKey, (byte) 0);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static byte[] deriveKey(char[] password, byte[] salt, ScryptParameters params) {
        var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] passwordBytes = new byte[encoded.remaining()];
        encoded.get(passwordBytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(passwordBytes, salt, (int) params.n(), (int) params.r(), (int) params.p(),
                    SecretBox.KEY_LENGTH);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The parsed JSON body; every field is checked for presence, type and size before use. */
    private record Envelope(ScryptParameters params, byte[] salt, byte[] nonce, byte[] ciphertext) {

        static Envelope parse(byte[] body, String source) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw invalid(source, "the key envelope is not valid JSON");
            }
            if (root == null || !root.isObject()) {
                throw invalid(source, "the key envelope is not a JSON object");
            }
            JsonNode kdf = object(root, "kdf", source);
            String kdfName = text(kdf, "name", source);
            if (!KDF_SCRYPT.equals(kdfName)) {
                throw invalid(source, "unknown key derivation function '" + kdfName + "' (only scrypt is supported)");
            }
            JsonNode cipher = object(root, "cipher", source);
            String cipherName = text(cipher, "name", source);
            if (!CIPHER_SECRETBOX.equals(cipherName)) {
                throw invalid(source, "unknown cipher '" + cipherName + "' (only nacl/secretbox is supported)");
            }
            JsonNode params = object(kdf, "params", source);
            ScryptParameters scrypt = new ScryptParameters(number(params, "N", source), number(params, "r", source),
                    number(params, "p", source));
            byte[] salt = bytes(kdf, "salt", source);
            if (salt.length == 0 || salt.length > MAX_SALT_LENGTH) {
                throw invalid(source, "the scrypt salt has an unacceptable length of " + salt.length + " bytes");
            }
            byte[] nonce = bytes(cipher, "nonce", source);
            if (nonce.length != SecretBox.NONCE_LENGTH) {
                throw invalid(source, "the secretbox nonce is " + nonce.length + " bytes, not 24");
            }
            byte[] ciphertext = bytes(root, "ciphertext", source);
            if (ciphertext.length <= SecretBox.TAG_LENGTH || ciphertext.length > MAX_CIPHERTEXT_LENGTH) {
                throw invalid(source, "the ciphertext has an unacceptable length of " + ciphertext.length + " bytes");
            }
            return new Envelope(scrypt, salt, nonce, ciphertext);
        }

        private static JsonNode object(JsonNode parent, String field, String source) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isObject()) {
                throw invalid(source, "the key envelope lacks the object '" + field + "'");
            }
            return node;
        }

        private static String text(JsonNode parent, String field, String source) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isTextual()) {
                throw invalid(source, "the key envelope lacks the string '" + field + "'");
            }
            return node.textValue();
        }

        private static long number(JsonNode parent, String field, String source) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
                throw invalid(source, "the scrypt parameter '" + field + "' is missing or not an integer");
            }
            return node.longValue();
        }

        private static byte[] bytes(JsonNode parent, String field, String source) {
            try {
                return Base64.getDecoder().decode(text(parent, field, source));
            } catch (IllegalArgumentException e) {
                throw invalid(source, "'" + field + "' is not valid base64");
            }
        }

        private static CairnException invalid(String source, String why) {
            return new CairnException(ErrorCode.KEY, "cannot read " + source + ": " + why);
        }
    }
}
