package dev.cairn.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {
    @Test
    void parsesOsArchAndOptionalVariant() {
        assertThat(Platform.parse("linux/amd64")).isEqualTo(new Platform("linux", "amd64", Optional.empty()));
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", Optional.of("v8")));
        assertThat(Platform.parse("linux/arm/v7").toString()).isEqualTo("linux/arm/v7");
        assertThat(Platform.parse("windows/amd64").toString()).isEqualTo("windows/amd64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "/", "linux/arm64/v8/extra", "linux//v8", "linux/arm64/"})
    void malformedPlatformsAreInvalidInput(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .as("parse(%s)", text)
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("os/arch");
                });
    }

    @Test
    void messageIsOneLine() {
        assertThatThrownBy(() -> Platform.parse("linux\namd64")).hasMessageStartingWith("invalid platform 'linux\\namd64'");
    }

    @Test
    void aRequestWithoutVariantMatchesAnyVariant() {
        Platform arm64 = Platform.parse("linux/arm64");
        assertThat(arm64.matches(Platform.parse("linux/arm64"))).isTrue();
        assertThat(arm64.matches(Platform.parse("linux/arm64/v8"))).isTrue();
        assertThat(arm64.matches(Platform.parse("linux/amd64"))).isFalse();
        assertThat(arm64.matches(Platform.parse("windows/arm64"))).isFalse();
    }

    @Test
    void aRequestedVariantMustBeThere() {
        Platform v7 = Platform.parse("linux/arm/v7");
        assertThat(v7.matches(Platform.parse("linux/arm/v7"))).isTrue();
        assertThat(v7.matches(Platform.parse("linux/arm/v6"))).isFalse();
        assertThat(v7.matches(Platform.parse("linux/arm"))).isFalse();
    }
}
