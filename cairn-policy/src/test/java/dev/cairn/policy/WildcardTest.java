package dev.cairn.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WildcardTest {
    @ParameterizedTest
    @CsvSource({
            "*, anything/at/all, true",
            "*, '', true",
            "ghcr.io/org/*, ghcr.io/org/app:v1, true",
            "ghcr.io/org/*, ghcr.io/org/team/app:v1, true",
            "ghcr.io/org/*, ghcr.io/other/app:v1, false",
            "ghcr.io/org/app:v?, ghcr.io/org/app:v1, true",
            "ghcr.io/org/app:v?, ghcr.io/org/app:v10, false",
            "*/app:*, ghcr.io/org/app:v1, true",
            "ghcr.io/org/app, ghcr.io/org/app:v1, false",
            "ghcr.io/org/app*, ghcr.io/org/app-evil:v1, true",
            "docker.io/library/nginx*, docker.io/library/nginx:1.27, true",
            "a*b*c, aXbYc, true",
            "a*b*c, aXbY, false",
    })
    void matchesLikeKyverno(String pattern, String text, boolean expected) {
        assertThat(Wildcard.matches(pattern, text)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void patternWithManyStarsAgainstLongTextStaysLinearInPractice() {
        // A regex engine with naive backtracking takes exponential time on this; ours must answer at once.
        String pattern = "*a".repeat(50) + "b";
        String text = "a".repeat(5_000);
        assertThat(Wildcard.matches(pattern, text)).isFalse();
    }
}
