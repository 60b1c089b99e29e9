package dev.cairn.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {
    /** sha256("hello world"), as printed by {@code sha256sum}. */
    private static final String HELLO = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    /** sha256 of no bytes. */
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesSha256AndSha512() {
        Digest d = Digest.parse("sha256:" + HELLO);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(HELLO);
        assertThat(d.toString()).isEqualTo("sha256:" + HELLO);
        assertThat(d.shortForm()).isEqualTo("sha256:b94d27b9934d");
        assertThat(d.bytes()).hasSize(32);
        String sha512 = "a".repeat(128);
        assertThat(Digest.parse("sha512:" + sha512).hex()).isEqualTo(sha512);
    }

    @Test
    void sha256OfBytesMatchesTheKnownValues() {
        assertThat(Digest.sha256("hello world".getBytes(StandardCharsets.UTF_8))).isEqualTo(Digest.parse("sha256:" + HELLO));
        assertThat(Digest.sha256(new byte[0]).hex()).isEqualTo(EMPTY);
    }

    @Test
    void matchesOnlyTheContentItWasComputedFrom() {
        byte[] content = "hello world".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(content);
        assertThat(d.matches(content)).isTrue();
        assertThat(d.matches("hello world!".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(d.matches(new byte[0])).isFalse();
        // sha512 of "hello world"
        Digest sha512 = Digest.parse("sha512:309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f"
                + "989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f");
        assertThat(sha512.matches(content)).isTrue();
        assertThat(sha512.matches(new byte[0])).isFalse();
    }

    @Test
    void tagPrefixIsCosignsTagSchemeName() {
        assertThat(Digest.parse("sha256:" + HELLO).tagPrefix()).isEqualTo("sha256-" + HELLO);
    }

    @Test
    void pathTraversalAttemptIsRejected() {
        assertInvalid("sha256:../../etc/passwd");
        assertInvalid("sha256:" + HELLO.substring(6) + "/../..");
        assertInvalid("../sha256:" + HELLO);
        assertThatThrownBy(() -> new Digest("sha256/../..", HELLO)).isInstanceOf(CairnException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            ":",
            "sha256",
            "sha256:",
            HELLO,
            "sha256:b94d27b9934d",
            "sha256:" + HELLO + "0",
            "sha256:" + HELLO + "\n",
            "sha256: " + HELLO,
            "SHA256:" + HELLO,
            "sha256:B94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9",
            "sha256:g94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
            "sha512:" + HELLO,
            "sha384:" + HELLO,
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha256:" + HELLO + ":" + HELLO,
    })
    void invalidDigestsAreInvalidInputWithOneLineMessages(String text) {
        assertInvalid(text);
    }

    @Test
    void hugeInputIsAbbreviatedInTheMessage() {
        String text = "sha256:" + "a".repeat(10_000);
        assertInvalid(text);
        assertThatThrownBy(() -> Digest.parse(text)).satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    private static void assertInvalid(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .as("parse(%s)", text)
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
                });
    }
}
