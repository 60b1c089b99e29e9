package dev.cairn.sbom.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonTree} builds the tree {@code ObjectMapper.readTree} builds, value kinds and order included. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode read(byte[] json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            return JsonTree.read(p);
        }
    }

    @Test
    void everyKindOfValueComesOutAsObjectMapperReadsIt() throws IOException {
        byte[] json = """
                {"s": "t\\u00e9xt", "i": 7, "l": 12345678901, "big": 123456789012345678901234567890,
                 "d": 1.5e3, "neg": -0.25, "t": true, "f": false, "n": null, "empty": {}, "none": [],
                 "nested": [{"a": [1, [2, {"b": "c"}]]}, "x", null], "z": "last"}
                """.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = read(json);
        assertThat(tree).isEqualTo(MAPPER.readTree(json));
        assertThat(tree.path("i").isInt()).isTrue();
        assertThat(tree.path("l").isLong()).isTrue();
        assertThat(tree.path("big").isBigInteger()).isTrue();
        assertThat(tree.path("d").isDouble()).isTrue();
        assertThat(tree.fieldNames()).toIterable().containsExactly(
                "s", "i", "l", "big", "d", "neg", "t", "f", "n", "empty", "none", "nested", "z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trivy.app-1.oci-layout.cdx.json", "trivy.app-2.docker-archive.cdx.json"})
    void peerSbomsReadAsTheSameTree(String name) throws IOException {
        byte[] json = Files.readAllBytes(TestSboms.peer(name));
        assertThat(read(json)).isEqualTo(MAPPER.readTree(json));
    }

    @Test
    void emptyInputIsAMissingNodeAndOnlyTheFirstValueIsRead() throws IOException {
        assertThat(read(new byte[0]).isMissingNode()).isTrue();
        assertThat(read("[1] {\"more\": 2}".getBytes(StandardCharsets.UTF_8))).isEqualTo(MAPPER.readTree("[1]"));
    }
}
