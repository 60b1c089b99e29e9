package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** policy-controller's glob table (pkg/apis/glob/glob_test.go), over the names ggcr prints. */
class PolicyControllerGlobTest {

    private static boolean match(String glob, String image) {
        return PolicyControllerGlob.compile(glob).matches(GgcrName.parse(image).name());
    }

    @ParameterizedTest(name = "{1} matches {0}")
    @CsvSource({
            "foo, index.docker.io/library/foo:latest",
            "foo, index.docker.io/library/foo:*",
            "foo, index.docker.io/library/*",
            "foo, index.docker.io/*/*",
            "foo, index.docker.io/**",
            "foo, inde**",
            "foo, **",
            "foo, *",
            "myuser/myapp, */*",
            "myuser/myapp, index.docker.io/myuser/*",
            "docker.io/myuser/myapp, index.docker.io/myuser/myapp:latest",
            "ghcr.io/foo/bar, ghcr.io/*/*",
            "ghcr.io/foo/bar, ghcr.io/**",
            "ghcr.io/foo, */**",
            "ghcr.io/foo, ghcr.io/foo*",
            "127.0.0.1:5000/demo/app:1, 127.0.0.1:5000/demo/*",
            "localhost:5000/demo/app, localhost:5000/demo/app:latest",
            "ghcr.io/foo@sha256:5504f2a95018e3d8a52d80d9e1a128c6ea337581808ff9fe96f5628ce2336350, ghcr.io/foo@sha256:5504f2a95018e3d8a52d80d9e1a128c6ea337581808ff9fe96f5628ce2336350",
    })
    void matches(String image, String glob) {
        assertThat(match(glob, image)).isTrue();
    }

    @ParameterizedTest(name = "{1} does not match {0}")
    @CsvSource({
            "ghcr.io/foo, ghcr.io/*/*",
            "prefix-ghcr.io/foo, ghcr.io/foo",
            "ghcrxio/foo, ghcr.io/**",
            "myuser/myapp, *",
            "nginx, nginx",                         // the bare name is index.docker.io/library/nginx:latest
            "registry-1.docker.io/nginx, index.docker.io/**", // only docker.io is rewritten
            "localhost/app, localhost/**",          // ggcr has no localhost rule: this is index.docker.io/localhost/app
    })
    void doesNotMatch(String image, String glob) {
        assertThat(match(glob, image)).isFalse();
    }

    @Test
    void globPrefixDoesNotMatchLongerRepository() {
        assertThat(match("ghcr.io/org/app:*", "ghcr.io/org/app-evil:1")).isFalse();
        assertThat(match("ghcr.io/org/app:*", "ghcr.io/org/app:1")).isTrue();
    }

    @Test
    void singleStarDoesNotCrossRepositoryBoundaries() {
        assertThat(match("ghcr.io/org/*", "ghcr.io/org/team/app:1")).isFalse();
        assertThat(match("ghcr.io/org/**", "ghcr.io/org/team/app:1")).isTrue();
    }

    @Test
    void admittedImagesAreMatchedByDigestNameSoTagGlobsNeverMatchThem() {
        // what the webhook compares: the digest reference's name, tag dropped
        String admitted = "ghcr.io/org/app:1.0@sha256:5504f2a95018e3d8a52d80d9e1a128c6ea337581808ff9fe96f5628ce2336350";
        assertThat(GgcrName.parse(admitted).name()).isEqualTo("ghcr.io/org/app@sha256:5504f2a95018e3d8a52d80d9e1a128c6ea337581808ff9fe96f5628ce2336350");
        assertThat(match("ghcr.io/org/app:*", admitted)).isFalse();
        assertThat(match("ghcr.io/org/app", admitted)).isFalse();
        assertThat(match("ghcr.io/org/app*", admitted)).isTrue();
        assertThat(match("ghcr.io/org/app@**", admitted)).isTrue();
    }

    @Test
    void hostileGlobIsLinearNotExponential() {
        String glob = "**a".repeat(300) + "b";
        String name = "ghcr.io/" + "a".repeat(900);
        long start = System.nanoTime();
        assertThat(PolicyControllerGlob.compile(glob).matches(name)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource({".+", "[a-z]*", "ghcr.io/{a,b}", "ghcr.io/app?"})
    void regexOrShellSyntaxIsRefused(String glob) {
        assertThatThrownBy(() -> PolicyControllerGlob.compile(glob)).isInstanceOf(CairnException.class).hasMessageContaining("invalid glob");
    }

    @Test
    void invalidReferencesAreRefused() {
        assertThatThrownBy(() -> GgcrName.parse("invalid&name")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> GgcrName.parse("Upper/Case")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> GgcrName.parse("ghcr.io/a@sha256:abc")).isInstanceOf(CairnException.class);
    }
}
