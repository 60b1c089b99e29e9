package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

class CosignKeyFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path COSIGN = Path.of("/tmp/cairn-peers/bin/cosign");

    // go-securesystemslib encrypted/encrypted_test.go TestDecrypt: the package cosign encrypts keys with.
    // Written by Go (scrypt N=2^15 "legacy" + golang.org/x/crypto secretbox), password "supersecret".
    private static final String GO_VECTOR = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},"
            + "\"salt\":\"N9a7x5JFGbrtB2uBR81jPwp0eiLR4A7FV3mjVAQrg1g=\"},\"cipher\":{\"name\":\"nacl/secretbox\","
            + "\"nonce\":\"2h8HxMmgRfuYdpswZBQaU3xJ1nkA/5Ik\"},\"ciphertext\":\"SEW6sUh0jf2wfdjJGPNS9+bkk2uB+Cxamf32zR8XkQ==\"}";

    @TempDir
    Path dir;

    @Test
    void decryptsEnvelopeWrittenByGoSecureSystemsLib() {
        byte[] plaintext = CosignKeyFormat.open(GO_VECTOR.getBytes(StandardCharsets.UTF_8), "supersecret".toCharArray(), "vector");
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("reallyimportant");
    }

    @Test
    void roundTripGenerateWriteReadSignVerify() {
        SigningKeyPair generated = SigningKeyPair.generate();
        Path privateKey = dir.resolve("cosign.key");
        Path publicKey = dir.resolve("cosign.pub");
        KeyFiles.writeKeyPair(generated, "pw".toCharArray(), privateKey, publicKey, KeyFiles.Existing.REFUSE);

        KeyLoader loader = new KeyLoader(name -> java.util.Optional.empty(), PasswordPrompt.fixed("pw".toCharArray()));
        try (Signer signer = loader.signer(KeyReference.parse(privateKey.toString()))) {
            assertThat(signer.publicKey().getEncoded()).isEqualTo(generated.publicKey().getEncoded());
            byte[] message = "payload".getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(message);
            assertThat(loader.verifier(KeyReference.parse(publicKey.toString())).verify(message, signature)).isTrue();
        }
    }

    @Test
    void writesTheExactJsonLayoutCosignWrites() throws IOException {
        PemBlock block = Pem.decodeFirst(resource("cairn-written.key"), "cairn-written.key");
        assertThat(block.type()).isEqualTo("ENCRYPTED SIGSTORE PRIVATE KEY");
        var root = JSON.readTree(block.bytes());
        // Field names, case and order as go-securesystemslib's structs marshal them.
        assertThat(iterable(root.fieldNames())).containsExactly("kdf", "cipher", "ciphertext");
        assertThat(iterable(root.get("kdf").fieldNames())).containsExactly("name", "params", "salt");
        assertThat(iterable(root.get("kdf").get("params").fieldNames())).containsExactly("N", "r", "p");
        assertThat(iterable(root.get("cipher").fieldNames())).containsExactly("name", "nonce");
        assertThat(root.get("kdf").get("name").asText()).isEqualTo("scrypt");
        assertThat(root.get("kdf").get("params").toString()).isEqualTo("{\"N\":65536,\"r\":8,\"p\":1}");
        assertThat(Base64.getDecoder().decode(root.get("kdf").get("salt").asText())).hasSize(32);
        assertThat(root.get("cipher").get("name").asText()).isEqualTo("nacl/secretbox");
        assertThat(Base64.getDecoder().decode(root.get("cipher").get("nonce").asText())).hasSize(24);
    }

    @Test
    void readsCommittedKeyFileAndItsSignatureVerifies() {
        SigningKeyPair key = CosignKeyFormat.decrypt(resource("cairn-written.key"), "cairn-test".toCharArray(), "cairn-written.key");
        var publicKey = PublicKeys.fromPem(resource("cairn-written.pub"), "cairn-written.pub");
        assertThat(key.publicKey().getEncoded()).isEqualTo(publicKey.getEncoded());
        byte[] signature = Base64.getDecoder().decode(resource("cairn-written.sig.b64").trim());
        assertThat(SignatureVerifier.of(publicKey).verify(resource("cairn-written.msg").getBytes(StandardCharsets.UTF_8), signature))
                .isTrue();
    }

    @Test
    void readsOlderCosignPemType() {
        String legacy = resource("cairn-written.key").replace("SIGSTORE", "COSIGN");
        assertThat(CosignKeyFormat.decrypt(legacy, "cairn-test".toCharArray(), "legacy.key").algorithm())
                .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    @Test
    void wrongPasswordIsRefusedWithClearError() {
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(resource("cairn-written.key"), "not-it".toCharArray(), "cosign.key"))
                .isInstanceOf(CairnException.class)
                .hasMessage("cannot decrypt cosign.key: wrong password or corrupted key")
                .extracting(e -> ((CairnException) e).code()).isEqualTo(ErrorCode.KEY);
    }

    @Test
    void truncatedKeyFileIsRefused() {
        String full = resource("cairn-written.key");
        for (int length : new int[] {0, 20, full.length() / 2, full.length() - 40}) {
            assertThatThrownBy(() -> CosignKeyFormat.decrypt(full.substring(0, length), "cairn-test".toCharArray(), "cut.key"))
                    .as("cut at %d", length)
                    .isInstanceOfSatisfying(CairnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.KEY);
                        assertThat(e.getMessage()).contains("cut.key").doesNotContain("\n");
                    });
        }
        // A complete PEM block around a truncated JSON body.
        String json = envelope(65536, 8, 1).toString();
        String cut = Pem.encode(new PemBlock(CosignKeyFormat.SIGSTORE_PEM_TYPE,
                json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(cut, "x".toCharArray(), "cut.key"))
                .isInstanceOf(CairnException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void hostileScryptParametersAreRefused() {
        long started = System.nanoTime();
        for (long[] params : new long[][] {
                {1L << 30, 8, 1}, // 128 GiB
                {1L << 21, 1, 1}, // N above 2^20
                {1L << 20, 8, 1}, // 1 GiB of memory
                {1L << 16, 8, 1024}, // hours of work
                {1L << 16, 1L << 40, 1}, // overflowing products
                {65535, 8, 1}, // not a power of two
                {0, 8, 1}, {65536, 0, 1}, {65536, 8, -1}}) {
            String pem = pem(envelope(params[0], params[1], params[2]));
            assertThatThrownBy(() -> CosignKeyFormat.decrypt(pem, "x".toCharArray(), "hostile.key"))
                    .isInstanceOfSatisfying(CairnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.KEY);
                        assertThat(e.getMessage()).contains("scrypt parameters");
                    });
        }
        // Refused before any derivation: nine refusals take far less than one scrypt run would.
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }

    @Test
    void tamperedCiphertextIsRefused() throws IOException {
        PemBlock block = Pem.decodeFirst(resource("cairn-written.key"), "k");
        ObjectNode root = (ObjectNode) JSON.readTree(block.bytes());
        byte[] ciphertext = Base64.getDecoder().decode(root.get("ciphertext").asText());
        ciphertext[ciphertext.length - 1] ^= 0x01;
        root.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(pem(root), "cairn-test".toCharArray(), "tampered.key"))
                .isInstanceOf(CairnException.class)
                .hasMessage("cannot decrypt tampered.key: wrong password or corrupted key");
    }

    @Test
    void unknownKdfOrCipherIsRefused() {
        ObjectNode kdf = envelope(65536, 8, 1);
        ((ObjectNode) kdf.get("kdf")).put("name", "pbkdf2");
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(pem(kdf), "x".toCharArray(), "k"))
                .isInstanceOf(CairnException.class).hasMessageContaining("unknown key derivation function 'pbkdf2'");
        ObjectNode cipher = envelope(65536, 8, 1);
        ((ObjectNode) cipher.get("cipher")).put("name", "aes-gcm");
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(pem(cipher), "x".toCharArray(), "k"))
                .isInstanceOf(CairnException.class).hasMessageContaining("unknown cipher 'aes-gcm'");
        ObjectNode nonce = envelope(65536, 8, 1);
        ((ObjectNode) nonce.get("cipher")).put("nonce", Base64.getEncoder().encodeToString(new byte[12]));
        assertThatThrownBy(() -> CosignKeyFormat.decrypt(pem(nonce), "x".toCharArray(), "k"))
                .isInstanceOf(CairnException.class).hasMessageContaining("nonce is 12 bytes");
    }

    /** Cross-check with the real cosign CLI when the peer build is present. */
    @Test
    @EnabledIf("cosignAvailable")
    void interoperatesWithCosignCli() throws IOException {
        Map<String, String> env = Map.of("COSIGN_PASSWORD", "x", "HOME", dir.toString());
        Processes.run(dir, env, COSIGN.toString(), "generate-key-pair");
        SigningKeyPair theirs = CosignKeyFormat.decrypt(Files.readString(dir.resolve("cosign.key")), "x".toCharArray(), "cosign.key");
        var theirPublic = PublicKeys.fromPem(Files.readString(dir.resolve("cosign.pub")), "cosign.pub");
        assertThat(theirs.publicKey().getEncoded()).isEqualTo(theirPublic.getEncoded());

        // cosign decrypts a key we wrote and derives the same public key.
        SigningKeyPair ours = SigningKeyPair.generate();
        Path ourKey = dir.resolve("ours.key");
        KeyFiles.writeKeyPair(ours, "x".toCharArray(), ourKey, dir.resolve("ours.pub"), KeyFiles.Existing.REFUSE);
        String derived = Processes.run(dir, env, COSIGN.toString(), "public-key", "--key", ourKey.toString());
        assertThat(PublicKeys.fromPem(derived, "cosign public-key").getEncoded()).isEqualTo(ours.publicKey().getEncoded());

        // cosign verifies a blob signature we made with our key.
        Path blob = Files.writeString(dir.resolve("blob.txt"), "blob");
        Path signature = Files.writeString(dir.resolve("blob.sig"),
                Base64.getEncoder().encodeToString(ours.signer().sign(Files.readAllBytes(blob))));
        Processes.run(dir, env, COSIGN.toString(), "verify-blob", "--key", dir.resolve("ours.pub").toString(),
                "--signature", signature.toString(), "--insecure-ignore-tlog=true", "--use-signed-timestamps=false",
                "--private-infrastructure=true", blob.toString());
    }

    static boolean cosignAvailable() {
        return Files.isExecutable(COSIGN);
    }

    private static ObjectNode envelope(long n, long r, long p) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode kdf = root.putObject("kdf");
        kdf.put("name", "scrypt");
        kdf.putObject("params").put("N", n).put("r", r).put("p", p);
        kdf.put("salt", Base64.getEncoder().encodeToString(new byte[32]));
        root.putObject("cipher").put("name", "nacl/secretbox").put("nonce", Base64.getEncoder().encodeToString(new byte[24]));
        root.put("ciphertext", Base64.getEncoder().encodeToString(new byte[80]));
        return root;
    }

    private static String pem(ObjectNode envelope) {
        return Pem.encode(new PemBlock(CosignKeyFormat.SIGSTORE_PEM_TYPE, envelope.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String resource(String name) {
        try (InputStream in = CosignKeyFormatTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
