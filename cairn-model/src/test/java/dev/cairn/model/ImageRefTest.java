package dev.cairn.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRefTest {
    private static final String HEX = "d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8";
    private static final Digest DIGEST = new Digest("sha256", HEX);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "alpine,                          docker.io/library/alpine:latest",
            "alpine:3.20,                     docker.io/library/alpine:3.20",
            "library/alpine,                  docker.io/library/alpine:latest",
            "docker.io/alpine,                docker.io/library/alpine:latest",
            "docker.io/library/alpine,        docker.io/library/alpine:latest",
            "index.docker.io/foo/bar,         docker.io/foo/bar:latest",
            "index.docker.io/alpine,          docker.io/library/alpine:latest",
            "registry-1.docker.io/foo/bar:1,  docker.io/foo/bar:1",
            "foo/bar,                         docker.io/foo/bar:latest",
            "localhost/x,                     localhost/x:latest",
            "localhost:5000/x,                localhost:5000/x:latest",
            "127.0.0.1:5000/demo/app:1,       127.0.0.1:5000/demo/app:1",
            "ghcr.io/sigstore/cosign/cosign:v2.4.1, ghcr.io/sigstore/cosign/cosign:v2.4.1",
            "[::1]:5000/demo/app,             [::1]:5000/demo/app:latest",
            "quay.io/a__b/c-d.e_f:T_a.g-1,    quay.io/a__b/c-d.e_f:T_a.g-1",
    })
    void normalisesAsDocker(String input, String expected) {
        assertThat(ImageRef.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void splitsIntoRegistryRepositoryAndTag() {
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/demo/app:1");
        assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ref.repository()).isEqualTo("demo/app");
        assertThat(ref.tag()).contains("1");
        assertThat(ref.digest()).isEmpty();
        assertThat(ref.context()).isEqualTo("127.0.0.1:5000/demo/app");
        assertThat(ref.reference()).isEqualTo("1");

        ImageRef local = ImageRef.parse("localhost:5000/x");
        assertThat(local.registry()).isEqualTo("localhost:5000");
        assertThat(local.repository()).isEqualTo("x");

        ImageRef hub = ImageRef.parse("alpine");
        assertThat(hub.registry()).isEqualTo(ImageRef.DOCKER_HUB);
        assertThat(hub.repository()).isEqualTo("library/alpine");
        assertThat(hub.tag()).contains("latest");
    }

    @Test
    void digestOnlyGetsNoDefaultTag() {
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/demo/app@sha256:" + HEX);
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.digest()).contains(DIGEST);
        assertThat(ref.reference()).isEqualTo("sha256:" + HEX);
        assertThat(ref.toString()).isEqualTo("127.0.0.1:5000/demo/app@sha256:" + HEX);
    }

    @Test
    void tagAndDigestAreBothKeptAndTheDigestWins() {
        ImageRef ref = ImageRef.parse("localhost:5000/demo/app:1@sha256:" + HEX);
        assertThat(ref.registry()).isEqualTo("localhost:5000");
        assertThat(ref.repository()).isEqualTo("demo/app");
        assertThat(ref.tag()).contains("1");
        assertThat(ref.digest()).contains(DIGEST);
        assertThat(ref.reference()).isEqualTo(DIGEST.toString());
        assertThat(ref.toString()).isEqualTo("localhost:5000/demo/app:1@sha256:" + HEX);
        assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void withDigestAndWithTagReplaceTheOther() {
        ImageRef ref = ImageRef.parse("alpine:3.20");
        assertThat(ref.withDigest(DIGEST)).isEqualTo(new ImageRef("docker.io", "library/alpine", Optional.empty(), Optional.of(DIGEST)));
        assertThat(ref.withDigest(DIGEST).withTag("edge").toString()).isEqualTo("docker.io/library/alpine:edge");
    }

    @Test
    void tagOf128CharactersIsAccepted() {
        String tag = "t".repeat(128);
        assertThat(ImageRef.parse("demo/app:" + tag).tag()).contains(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "Alpine",
            "demo/App:1",
            "localhost:5000/Demo/app",
            "demo app",
            " alpine",
            "alpine ",
            "alpine\n",
            "alpine\tx",
            "alpine:",
            "alpine:-tag",
            "alpine:ta/g",
            "alpine:tag!",
            ":tag",
            "@sha256:d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8",
            "demo//app",
            "demo/app/",
            "/demo/app",
            "demo/-app",
            "demo/app--",
            "demo/app@sha256:d48202795508",
            "demo/app@sha256:d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8aa",
            "demo/app@sha256:D48202795508CFA6B4FED58F7499920D87A62D0140BFFE870A58F96156C74DB8",
            "demo/app@md5:d41d8cd98f00b204e9800998ecf8427e",
            "demo/app@d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8",
            "demo/app@sha256:../../etc/passwd",
            "bad_host:5000/demo/app",
            "héllo/app",
    })
    void invalidReferencesAreInvalidInputWithOneLineMessages(String text) {
        assertInvalid(text);
    }

    @Test
    void tagLongerThan128IsRejected() {
        assertInvalid("demo/app:" + "t".repeat(129));
    }

    @Test
    void referenceOver1024CharactersIsRejectedAndTheMessageIsShortened() {
        String text = "a".repeat(1025);
        assertInvalid(text);
        assertThatThrownBy(() -> ImageRef.parse(text)).hasMessageNotContaining(text);
        // 1024 characters of otherwise valid reference are still parsed
        String repo = "r".repeat(1024 - "demo/".length());
        assertThat(ImageRef.parse("demo/" + repo).repository()).isEqualTo("demo/" + repo);
    }

    @Test
    void controlCharactersAreEscapedInTheMessageNotEchoed() {
        assertThatThrownBy(() -> ImageRef.parse("alpine\n\u001b[31mfake: ok"))
                .hasMessage("invalid image reference 'alpine\\n\\u001b[31mfake: ok'");
        assertThatThrownBy(() -> new ImageRef("docker.io", "a\nb", Optional.of("latest"), Optional.empty()))
                .hasMessageStartingWith("invalid repository 'a\\nb'");
    }

    @Test
    void constructorValidatesToo() {
        assertThatThrownBy(() -> new ImageRef("docker.io", "library/Alpine", Optional.of("latest"), Optional.empty()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> new ImageRef("bad host", "x", Optional.of("latest"), Optional.empty()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> ImageRef.parse(null)).isInstanceOf(NullPointerException.class);
    }

    static void assertInvalid(String text) {
        assertThatThrownBy(() -> ImageRef.parse(text))
                .as("parse(%s)", text)
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
                    assertThat(e.getMessage().length()).isLessThan(300);
                });
    }
}
