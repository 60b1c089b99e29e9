package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys written by openssl in each PEM form cosign imports. */
class PrivateKeyImportTest {
    private static final Supplier<char[]> NO_PASSWORD = () -> {
        throw new AssertionError("no password should be asked");
    };

    @TempDir
    Path dir;

    @Test
    void importsPkcs8Ec() {
        assertImports(openssl("k.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
                "PRIVATE KEY", SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    @Test
    void importsSec1Ec() {
        assertImports(openssl("k.pem", "ecparam", "-genkey", "-name", "secp384r1", "-noout"), "EC PRIVATE KEY",
                SignatureAlgorithm.ECDSA_P384_SHA384);
    }

    @Test
    void importsPkcs1Rsa() {
        assertImports(openssl("k.pem", "genrsa", "-traditional", "2048"), "RSA PRIVATE KEY", SignatureAlgorithm.RSA_PKCS1_SHA256);
    }

    @Test
    void importsEd25519() {
        assertImports(openssl("k.pem", "genpkey", "-algorithm", "ed25519"), "PRIVATE KEY", SignatureAlgorithm.ED25519);
    }

    @Test
    void importsEncryptedPkcs8() {
        Path plain = openssl("p.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521");
        Path encrypted = dir.resolve("k.pem");
        Processes.run(dir, "openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.toString(),
                "-out", encrypted.toString(), "-passout", "pass:secret");
        String pem = read(encrypted);
        assertThat(pem).contains("ENCRYPTED PRIVATE KEY");
        SigningKeyPair key = PrivateKeys.fromPem(pem, () -> "secret".toCharArray(), "k.pem");
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P521_SHA512);
        assertThat(key.publicKey().getEncoded()).isEqualTo(opensslPublicKey(plain));
        assertThatThrownBy(() -> PrivateKeys.fromPem(pem, () -> "wrong".toCharArray(), "k.pem"))
                .isInstanceOf(CairnException.class).hasMessage("cannot decrypt k.pem: wrong password or corrupted key");
    }

    @Test
    void weakRsaKeyIsRefused() {
        Path weak = openssl("k.pem", "genrsa", "-traditional", "1024");
        assertThatThrownBy(() -> PrivateKeys.fromPem(read(weak), NO_PASSWORD, "k.pem"))
                .isInstanceOf(CairnException.class).hasMessageContaining("RSA key of 1024 bits is too weak");
    }

    @Test
    void unlistedCurveIsRefused() {
        Path k1 = openssl("k.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1");
        assertThatThrownBy(() -> PrivateKeys.fromPem(read(k1), NO_PASSWORD, "k.pem"))
                .isInstanceOf(CairnException.class).hasMessageContaining("only P-256, P-384 and P-521");
    }

    @Test
    void publicKeyFromPemAndFromCertificate() {
        Path key = openssl("k.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        Path cert = dir.resolve("cert.pem");
        Processes.run(dir, "openssl", "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=cairn", "-days", "1",
                "-out", cert.toString());
        byte[] expected = opensslPublicKey(key);
        assertThat(PublicKeys.fromPem(read(cert), "cert.pem").getEncoded()).isEqualTo(expected);
        assertThat(PublicKeys.fromPem(PublicKeys.toPem(PublicKeys.fromPem(read(cert), "c")), "p").getEncoded()).isEqualTo(expected);
    }

    @Test
    void garbageIsRefusedWithOneLineMessage() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PrivateKeys.fromPem(garbage, NO_PASSWORD, "g.pem"))
                .isInstanceOf(CairnException.class).hasMessageContaining("g.pem").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> PrivateKeys.fromPem("not pem at all", NO_PASSWORD, "g.pem"))
                .isInstanceOf(CairnException.class).hasMessage("cannot read g.pem: no PEM block found");
        assertThatThrownBy(() -> PublicKeys.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "p.pem"))
                .isInstanceOf(CairnException.class).hasMessageContaining("p.pem");
    }

    private void assertImports(Path file, String pemType, SignatureAlgorithm algorithm) {
        String pem = read(file);
        assertThat(pem).contains("-----BEGIN " + pemType + "-----");
        SigningKeyPair key = PrivateKeys.fromPem(pem, NO_PASSWORD, file.toString());
        assertThat(key.algorithm()).isEqualTo(algorithm);
        // The derived public key is exactly what openssl derives.
        assertThat(key.publicKey().getEncoded()).isEqualTo(opensslPublicKey(file));
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureVerifier.of(key.publicKey()).verify(message, key.signer().sign(message))).isTrue();
    }

    private Path openssl(String out, String... args) {
        Path file = dir.resolve(out);
        // -out right after the subcommand: genrsa wants its bit count last.
        String[] command = new String[args.length + 3];
        command[0] = "openssl";
        command[1] = args[0];
        command[2] = "-out";
        command[3] = file.toString();
        System.arraycopy(args, 1, command, 4, args.length - 1);
        Processes.run(dir, command);
        return file;
    }

    private byte[] opensslPublicKey(Path privateKey) {
        Path pub = dir.resolve("derived.pub");
        Processes.run(dir, "openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", pub.toString());
        return Pem.decodeFirst(read(pub), "derived.pub").bytes();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
