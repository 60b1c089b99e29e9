package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignerTest {
    private static final byte[] MESSAGE = "the payload".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signsAndVerifiesWithEachAlgorithm(SignatureAlgorithm algorithm) throws Exception {
        SigningKeyPair key = generate(algorithm);
        assertThat(key.algorithm()).isEqualTo(algorithm);
        byte[] signature = key.signer().sign(MESSAGE);
        assertThat(SignatureVerifier.of(key.publicKey()).verify(MESSAGE, signature)).isTrue();
        // Each signature also verifies with openssl, so the encoding is the standard one cosign uses.
        Path pub = Files.writeString(dir.resolve("k.pub"), PublicKeys.toPem(key.publicKey()));
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);
        Path sig = Files.write(dir.resolve("sig"), signature);
        String digest = switch (algorithm) {
            case ECDSA_P384_SHA384 -> "-sha384";
            case ECDSA_P521_SHA512 -> "-sha512";
            default -> "-sha256";
        };
        String output = algorithm == SignatureAlgorithm.ED25519
                ? Processes.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                        "-in", msg.toString(), "-sigfile", sig.toString())
                : Processes.run(dir, "openssl", "dgst", digest, "-verify", pub.toString(), "-signature", sig.toString(),
                        msg.toString());
        assertThat(output).contains("Verified");
    }

    @Test
    void signatureByAnotherKeyDoesNotVerify() {
        SigningKeyPair signer = SigningKeyPair.generate();
        SigningKeyPair other = SigningKeyPair.generate();
        assertThat(SignatureVerifier.of(other.publicKey()).verify(MESSAGE, signer.signer().sign(MESSAGE))).isFalse();
    }

    @Test
    void tamperedMessageDoesNotVerify() {
        SigningKeyPair key = SigningKeyPair.generate();
        byte[] signature = key.signer().sign(MESSAGE);
        byte[] tampered = MESSAGE.clone();
        tampered[0] ^= 1;
        assertThat(SignatureVerifier.of(key.publicKey()).verify(tampered, signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void malformedSignatureBytesAreFalseNotExceptions(SignatureAlgorithm algorithm) throws Exception {
        SigningKeyPair key = generate(algorithm);
        SignatureVerifier verifier = SignatureVerifier.of(key.publicKey());
        byte[] good = key.signer().sign(MESSAGE);
        Random random = new Random(42);
        assertThat(verifier.verify(MESSAGE, new byte[0])).isFalse();
        assertThat(verifier.verify(MESSAGE, null)).isFalse();
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[random.nextInt(600)];
            random.nextBytes(garbage);
            assertThat(verifier.verify(MESSAGE, garbage)).isFalse();
            byte[] flipped = good.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
            assertThat(verifier.verify(MESSAGE, flipped)).isFalse();
        }
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThat(verifier.verify(MESSAGE, trailing)).isFalse();
    }

    @Test
    void weakRsaKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var weak = generator.generateKeyPair();
        assertThatThrownBy(() -> SignatureVerifier.of(weak.getPublic()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY))
                .hasMessageContaining("RSA key of 1024 bits is too weak");
        assertThatThrownBy(() -> PrivateKeys.fromPkcs8(weak.getPrivate().getEncoded(), "weak.pem"))
                .isInstanceOf(CairnException.class).hasMessageContaining("too weak");
    }

    static SigningKeyPair generate(SignatureAlgorithm algorithm) throws Exception {
        KeyPairGenerator generator = switch (algorithm) {
            case ECDSA_P256_SHA256, ECDSA_P384_SHA384, ECDSA_P521_SHA512 -> {
                KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                ec.initialize(new ECGenParameterSpec(switch (algorithm) {
                    case ECDSA_P384_SHA384 -> "secp384r1";
                    case ECDSA_P521_SHA512 -> "secp521r1";
                    default -> "secp256r1";
                }));
                yield ec;
            }
            case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
            case RSA_PKCS1_SHA256 -> {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                yield rsa;
            }
        };
        // Through the importer, so public-key derivation is exercised for every type.
        return PrivateKeys.fromPkcs8(generator.generateKeyPair().getPrivate().getEncoded(), algorithm.name());
    }
}
