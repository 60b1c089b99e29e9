package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signs with a key generated inside a real SoftHSM2 token. The token directory and config live under
 * target/softhsm, the path surefire puts in SOFTHSM2_CONF before the JVM (and so libsofthsm2) starts.
 */
class Pkcs11SoftHsmTest {
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final byte[] MESSAGE = "signed in a token".getBytes(StandardCharsets.UTF_8);
    private static Path exportedPublicKey;

    @BeforeAll
    static void createTokenWithKey() throws IOException {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF must be set by surefire (see cairn-crypto/pom.xml)").isNotBlank();
        if (!Files.isRegularFile(Path.of(MODULE)) || !onPath("softhsm2-util") || !onPath("pkcs11-tool")) {
            throw new AssertionError("SoftHSM2 and OpenSC are needed (softhsm2-util, pkcs11-tool, " + MODULE
                    + "): run the project's test script, which installs the packages softhsm2 and opensc");
        }
        Path confFile = Path.of(conf);
        Path home = confFile.getParent();
        Path tokens = home.resolve("tokens");
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Map<String, String> env = Map.of("SOFTHSM2_CONF", conf);
        Processes.run(home, env, "softhsm2-util", "--init-token", "--free", "--label", "cairn-test", "--pin", "1234",
                "--so-pin", "5678");
        Processes.run(home, env, "pkcs11-tool", "--module", MODULE, "--login", "--pin", "1234", "--keypairgen",
                "--key-type", "EC:prime256v1", "--label", "cairn-key", "--id", "01");
        Path der = home.resolve("cairn-key.pub.der");
        Processes.run(home, env, "pkcs11-tool", "--module", MODULE, "--read-object", "--type", "pubkey",
                "--label", "cairn-key", "--output-file", der.toString());
        exportedPublicKey = der;
    }

    @Test
    void signsInTokenAndVerifiesWithExportedPublicKey() throws IOException {
        var exported = PublicKeys.fromDer(Files.readAllBytes(exportedPublicKey), "exported");
        KeyLoader loader = new KeyLoader(name -> Optional.empty(), prompt -> {
            throw new AssertionError("PIN comes from the URI");
        });
        String uri = "pkcs11:token=cairn-test;object=cairn-key?module-path=" + MODULE + "&pin-value=1234";
        try (Signer signer = loader.signer(KeyReference.parse(uri))) {
            assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(signer.publicKey().getEncoded()).isEqualTo(exported.getEncoded());
            byte[] signature = signer.sign(MESSAGE);
            assertThat(signature[0]).as("ASN.1 DER SEQUENCE").isEqualTo((byte) 0x30);
            assertThat(SignatureVerifier.of(exported).verify(MESSAGE, signature)).isTrue();
            assertThat(SignatureVerifier.of(exported).verify("other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        }
    }

    @Test
    void findsKeyByIdWithPinFromFileAndEnvironmentModule() throws IOException {
        Path pinFile = Files.writeString(Path.of(System.getenv("SOFTHSM2_CONF")).resolveSibling("pin.txt"), "1234\n");
        KeyLoader loader = new KeyLoader(name -> name.equals("COSIGN_PKCS11_MODULE_PATH") ? Optional.of(MODULE) : Optional.empty(),
                prompt -> {
                    throw new AssertionError("PIN comes from pin-source");
                });
        try (Signer signer = loader.signer(KeyReference.parse("pkcs11:token=cairn%2Dtest;id=%01?pin-source=file:" + pinFile))) {
            assertThat(loader.verifier(KeyReference.parse("pkcs11:token=cairn-test;id=%01?module-path=" + MODULE))
                    .verify(MESSAGE, signer.sign(MESSAGE))).isTrue();
        }
    }

    @Test
    void wrongPinAndMissingKeyAreClearErrors() {
        KeyLoader loader = new KeyLoader(name -> Optional.empty(), prompt -> "9999".toCharArray());
        assertThatThrownBy(() -> loader.signer(KeyReference.parse("pkcs11:token=cairn-test;object=cairn-key?module-path=" + MODULE)))
                .isInstanceOf(CairnException.class).hasMessageContaining("CKR_PIN_INCORRECT");
        assertThatThrownBy(() -> loader.signer(KeyReference.parse("pkcs11:token=no-such-token;object=cairn-key?module-path=" + MODULE)))
                .isInstanceOf(CairnException.class).hasMessageContaining("no PKCS#11 token labelled 'no-such-token'");
        assertThatThrownBy(() -> loader.signer(KeyReference.parse(
                "pkcs11:token=cairn-test;object=nope?module-path=" + MODULE + "&pin-value=1234")))
                .isInstanceOf(CairnException.class).hasMessageContaining("no private key 'nope'");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
