package dev.cairn.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Purls#parse} against purl/parse-cases.json: the purl-spec test-suite-data cases (facts
 * recorded in our own file; the cases the spec refuses by type-specific rules are read, as
 * packageurl-java 1.5.0 reads them) and ours: UTF-8, packageurl-java's choices, hostile inputs.
 */
class PurlParseTest {
    static Stream<Arguments> cases() throws Exception {
        try (InputStream in = PurlParseTest.class.getResourceAsStream("/purl/parse-cases.json")) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(in)) {
                out.add(Arguments.of(c.path("source").asText() + ": " + c.path("description").asText(), c));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsRecorded(String description, JsonNode c) {
        String purl = c.path("purl").asText();
        if (c.path("invalid").asBoolean()) {
            assertThatThrownBy(() -> Purls.parse(purl)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("malformed package URL '").doesNotContain("\n", "\r", "\t"));
            assertThat(Purls.tryParse(purl)).isEmpty();
            return;
        }
        Purls.Purl p = Purls.parse(purl);
        assertThat(p.type()).isEqualTo(c.path("type").asText());
        assertThat(p.namespace()).isEqualTo(optional(c.path("namespace")));
        assertThat(p.name()).isEqualTo(c.path("name").asText());
        assertThat(p.version()).isEqualTo(optional(c.path("version")));
        Map<String, String> qualifiers = new TreeMap<>();
        c.path("qualifiers").fields().forEachRemaining(e -> qualifiers.put(e.getKey(), e.getValue().asText()));
        assertThat(p.qualifiers()).isEqualTo(qualifiers);
        assertThat(p.subpath()).isEqualTo(optional(c.path("subpath")));
        // what we write reads back the same
        assertThat(Purls.parse(p.canonical())).isEqualTo(p);
    }

    @Test
    void utf8EscapesAreDecodedAsUtf8() {
        assertThat(Purls.parse("pkg:npm/%E2%9C%93").name()).isEqualTo("\u2713");
    }

    @Test
    void encoderAndParserRoundTripHostileNames() {
        Package weird = Package.of(Ecosystem.NPM, "naïve\u0007pkg?#@/\u2713\uD83D\uDCE6", "1.0 beta+1", "x")
                .withNamespace("@sc ope").withQualifiers(Map.of("Arch", "x 86/64"));
        Purls.Purl p = Purls.parse(Purls.of(weird, Optional.empty()));
        assertThat(p.name()).isEqualTo(weird.name());
        assertThat(p.namespace()).contains("@sc ope");
        assertThat(p.version()).contains("1.0 beta+1");
        assertThat(p.qualifiers()).isEqualTo(Map.of("arch", "x 86/64"));
    }

    @Test
    void longInputsAreRefusedWithoutEchoingThem() {
        String huge = "pkg:npm/" + "a".repeat(Purls.MAX_LENGTH);
        assertThatThrownBy(() -> Purls.parse(huge)).hasMessage("package URL refused: longer than 4096 characters");
        String longButLegal = "pkg:npm/" + "%41".repeat(1300);
        assertThat(Purls.parse(longButLegal).name()).hasSize(1300);
        String badTail = "pkg:npm/\u0001" + "b".repeat(500);
        assertThatThrownBy(() -> Purls.parse(badTail)).message().hasSizeLessThan(200).contains("\\u").doesNotContain("\u0001");
    }

    @Test
    void nullAndEmptyAreRefused() {
        assertThatThrownBy(() -> Purls.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Purls.tryParse("")).isEmpty();
    }

    private static Optional<String> optional(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? Optional.empty() : Optional.of(n.asText());
    }
}
