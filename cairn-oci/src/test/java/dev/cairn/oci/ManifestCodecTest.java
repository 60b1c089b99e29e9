package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Platform;
import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestCodecTest {
    private static final Digest D1 = Digest.sha256("one".getBytes(StandardCharsets.UTF_8));
    private static final Digest D2 = Digest.sha256("two".getBytes(StandardCharsets.UTF_8));

    private static ManifestBlob blob(String json, String mediaType) {
        return ManifestBlob.of(json.getBytes(StandardCharsets.UTF_8), mediaType);
    }

    @Test
    void parsesTheFixtureManifestWithoutMediaTypeField() throws Exception {
        Digest digest = Fixtures.manifestDigest("app-1");
        byte[] bytes = Files.readAllBytes(Fixtures.ociLayout().resolve("blobs/sha256/" + digest.hex()));
        Manifest m = ManifestCodec.parse(new ManifestBlob(bytes, MediaTypes.OCI_MANIFEST, digest));
        assertThat(m).isInstanceOf(Manifest.Image.class);
        Manifest.Image image = (Manifest.Image) m;
        assertThat(image.config().digest()).isEqualTo(Fixtures.configDigest("app-1"));
        assertThat(image.layers()).hasSize(2);
        assertThat(ManifestCodec.detectMediaType(bytes, "x")).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void imageRoundTripsInOciFieldOrder() {
        Descriptor config = new Descriptor(MediaTypes.OCI_EMPTY, D1, 2, Optional.empty(), Map.of(), Optional.empty());
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_GZIP, D2, 10, Optional.empty(), Map.of("b", "2", "a", "1"), Optional.empty());
        Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, D1, 500, Optional.empty(), Map.of(), Optional.empty());
        Manifest.Image image = new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(layer), Optional.of(subject),
                Optional.of("application/vnd.example"), Map.of("created", "now"));
        byte[] bytes = ManifestCodec.encode(image);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.example\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + D1 + "\",\"size\":2},"
                        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D2 + "\",\"size\":10,\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}],"
                        + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":500},"
                        + "\"annotations\":{\"created\":\"now\"}}");
        assertThat(ManifestCodec.parse(ManifestBlob.of(bytes, MediaTypes.OCI_MANIFEST))).isEqualTo(image);
    }

    @Test
    void indexAndDockerListRoundTrip() {
        Descriptor child = new Descriptor(MediaTypes.DOCKER_MANIFEST, D1, 7, Optional.empty(), Map.of(), Optional.of(Platform.parse("linux/arm64/v8")));
        for (String type : List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST)) {
            Manifest.Index index = new Manifest.Index(type, List.of(child), Optional.empty(), Optional.empty(), Map.of());
            ManifestBlob blob = ManifestCodec.toBlob(index);
            assertThat(ManifestCodec.parse(blob)).isEqualTo(index);
            // the store's type missing: the JSON field decides
            assertThat(ManifestCodec.parse(ManifestBlob.of(blob.bytes(), "application/octet-stream"))).isEqualTo(index);
        }
    }

    @Test
    void dockerManifestParses() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":3},\"layers\":[]}";
        Manifest m = ManifestCodec.parse(blob(json, "text/plain"));
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"schemaVersion\":1,\"config\":{}}",
            "{\"config\":{}}",
            "{\"schemaVersion\":\"2\"}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+json\"}",
            "{\"schemaVersion\":2}",
            "{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":{}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"md5:abc\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":-1}}",
            "{\"schemaVersion\":2,\"manifests\":{}}",
            "{\"schemaVersion\":2,\"manifests\":[],\"layers\":[]}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1},\"annotations\":{\"a\":1}}",
            "{\"schemaVersion\":2,\"manifests\":[]} trailing"
    })
    void malformedManifestsAreRejectedWithOneLine(String json) {
        assertThatThrownBy(() -> ManifestCodec.parse(blob(json, "")))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void mediaTypeFieldThatContradictsTheStoreIsRejected() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
        assertThatThrownBy(() -> ManifestCodec.parse(blob(json, MediaTypes.OCI_MANIFEST)))
                .hasMessageContaining("disagrees");
    }

    @Test
    void manifestLargerThanLimitIsRefused() {
        byte[] big = new byte[Limits.MAX_MANIFEST_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> ManifestCodec.parse(ManifestBlob.of(big, MediaTypes.OCI_MANIFEST)))
                .isInstanceOf(CairnException.class).hasMessageContaining("limit is 4194304");
    }

    @Test
    void manifestWithMoreThanAThousandLayersIsRefused() {
        Descriptor config = new Descriptor(MediaTypes.OCI_EMPTY, D1, 2, Optional.empty(), Map.of(), Optional.empty());
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            layers.add(new Descriptor(MediaTypes.OCI_LAYER_GZIP, D2, i, Optional.empty(), Map.of(), Optional.empty()));
        }
        byte[] bytes = ManifestCodec.encode(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, layers, Optional.empty(), Optional.empty(), Map.of()));
        assertThatThrownBy(() -> ManifestCodec.parse(ManifestBlob.of(bytes, MediaTypes.OCI_MANIFEST)))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("1001 layers; the limit is 1000");
    }
}
