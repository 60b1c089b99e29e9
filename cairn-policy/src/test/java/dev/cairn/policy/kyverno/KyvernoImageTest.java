package dev.cairn.policy.kyverno;

import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The string Kyverno matches imageReferences against (pkg/utils/image ImageInfo.String with default config). */
class KyvernoImageTest {
    @ParameterizedTest
    @CsvSource({
            "nginx, docker.io/nginx:latest",
            "nginx:1.27, docker.io/nginx:1.27",
            "library/nginx:1.27, docker.io/library/nginx:1.27",
            "bitnami/redis, docker.io/bitnami/redis:latest",
            "docker.io/nginx, docker.io/nginx:latest",
            "ghcr.io/org/app:v1, ghcr.io/org/app:v1",
            "localhost/app, localhost/app:latest",
            "localhost:5000/app:v2, localhost:5000/app:v2",
            "127.0.0.1:5000/demo/app:v1, 127.0.0.1:5000/demo/app:v1",
            "ghcr.io/org/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    })
    void normalisesAsKyverno(String image, String matched) {
        assertThat(KyvernoImage.parse(image).toString()).isEqualTo(matched);
    }

    @Test
    void dockerHubLibraryPatternDoesNotMatchShortName() {
        // Kyverno adds docker.io/ but not library/: the pattern below never matches "nginx"
        ImageVerification iv = new ImageVerification(java.util.List.of("docker.io/library/nginx*"), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), true, true, true, dev.cairn.policy.RuleResult.FailureAction.ENFORCE, dev.cairn.sign.SignatureFormat.LEGACY);
        assertThat(iv.matches(KyvernoImage.parse("nginx:1.27"))).isFalse();
        assertThat(iv.matches(KyvernoImage.parse("docker.io/library/nginx:1.27"))).isTrue();
    }

    @Test
    void digestDropsTheTagFromTheMatchedString() {
        ImageVerification iv = new ImageVerification(java.util.List.of("ghcr.io/org/app:v1*"), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), true, true, true, dev.cairn.policy.RuleResult.FailureAction.ENFORCE, dev.cairn.sign.SignatureFormat.LEGACY);
        assertThat(iv.matches(KyvernoImage.parse("ghcr.io/org/app:v1@sha256:" + "a".repeat(64)))).isFalse();
    }

    @Test
    void pinningKeepsTheTagAndAddsTheDigest() {
        assertThat(KyvernoImage.parse("nginx:1.27").pinned(dev.cairn.model.Digest.parse("sha256:" + "b".repeat(64))))
                .isEqualTo("docker.io/nginx:1.27@sha256:" + "b".repeat(64));
    }

    @Test
    void uppercaseRepositoryIsRefused() {
        assertThatThrownBy(() -> KyvernoImage.parse("ghcr.io/Org/App:v1")).isInstanceOf(CairnException.class).hasMessageStartingWith("bad image");
    }

    @Test
    void ifTheVerifiedReferenceHasLibraryAddedBackForTheRegistry() {
        assertThat(KyvernoImage.parse("nginx:1.27").ref().toString()).isEqualTo("docker.io/library/nginx:1.27");
    }
}
