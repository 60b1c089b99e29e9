package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyReferenceTest {

    @Test
    void parsesEachKind() {
        assertThat(KeyReference.parse("cosign.pub")).isEqualTo(new KeyReference.File(Path.of("cosign.pub")));
        assertThat(KeyReference.parse("env://COSIGN_KEY")).isEqualTo(new KeyReference.Environment("COSIGN_KEY"));
        assertThat(KeyReference.parse("pkcs11:token=t;object=k")).isInstanceOf(KeyReference.Pkcs11.class);
    }

    @Test
    void kmsReferencesAreRefusedNotTreatedAsFiles() {
        assertThatThrownBy(() -> KeyReference.parse("awskms:///arn:aws:kms:us-east-1:1:key/x"))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> KeyReference.parse("env://")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> KeyReference.parse(" ")).isInstanceOf(CairnException.class);
    }

    @Test
    void pkcs11UriAttributesArePercentDecoded() {
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=my%20token;slot-id=3;object=a%2Bb+c;id=%01%ff;type=private"
                + "?module-path=/usr/lib/x%2Dy.so&pin-value=12%2634;pin-source=file:/p");
        assertThat(uri.token()).hasValue("my token");
        assertThat(uri.slotId()).hasValue(3L);
        assertThat(uri.object()).hasValue("a+b+c");
        assertThat(uri.id()).hasValueSatisfying(id -> assertThat(id).containsExactly(0x01, 0xff));
        assertThat(uri.modulePath()).hasValue("/usr/lib/x-y.so");
        assertThat(uri.pinValue()).hasValue("12&34");
        assertThat(uri.pinSource()).hasValue("file:/p");
        assertThat(uri.toString()).doesNotContain("12&34").doesNotContain("pin");
    }

    @Test
    void invalidPkcs11UrisAreRefused() {
        for (String bad : new String[] {"pkcs11:object=k", "pkcs11:token=t", "pkcs11:token=t;object=k;object=j",
                "pkcs11:token=t;id=%0", "pkcs11:token=t;id=%zz", "pkcs11:slot-id=x;object=k", "pkcs11:token=t;object"}) {
            assertThatThrownBy(() -> Pkcs11Uri.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }

    @Test
    void loadsPublicKeyFromEnvironment() {
        SigningKeyPair key = SigningKeyPair.generate();
        String pem = PublicKeys.toPem(key.publicKey());
        KeyLoader loader = new KeyLoader(name -> name.equals("PUB") ? Optional.of(pem) : Optional.empty(), prompt -> new char[0]);
        byte[] message = {1, 2, 3};
        assertThat(loader.verifier(KeyReference.parse("env://PUB")).verify(message, key.signer().sign(message))).isTrue();
        assertThatThrownBy(() -> loader.publicKey(KeyReference.parse("env://MISSING")))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void loadsUnencryptedPrivateKeyFromEnvironmentWithoutAskingPassword() throws Exception {
        SigningKeyPair key = SignerTest.generate(SignatureAlgorithm.ED25519);
        String pem = Pem.encode(new PemBlock("PRIVATE KEY", key.privateKey().getEncoded()));
        KeyLoader loader = new KeyLoader(name -> Optional.of(pem), prompt -> {
            throw new AssertionError("not encrypted");
        });
        try (Signer signer = loader.signer(KeyReference.parse("env://KEY"))) {
            assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        }
    }
}
