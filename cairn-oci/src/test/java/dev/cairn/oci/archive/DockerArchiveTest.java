package dev.cairn.oci.archive;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerArchiveTest {
    @TempDir
    Path tmp;

    private static Path blob(String hex) {
        return Fixtures.ociLayout().resolve("blobs/sha256/" + hex);
    }

    private static Manifest.Image fixture(String tag) {
        return (Manifest.Image) ManifestCodec.parse(OciLayout.at(Fixtures.ociLayout()).manifest(tag).orElseThrow());
    }

    /** The pre-Docker-25 layout: {@code <id>.json} config, {@code <id>/layer.tar}, a repeated layer as a symlink. */
    @Test
    void readsTheLegacyDockerSaveLayout() throws Exception {
        Manifest.Image app = fixture("app-1");
        Path tar = tmp.resolve("app.tar");
        try (TarWriter w = new TarWriter(Files.newOutputStream(tar))) {
            String cfg = app.config().digest().hex();
            w.add(cfg + ".json", blob(cfg));
            w.add("l0/layer.tar", blob(app.layers().get(0).digest().hex()));
            w.add("l1/layer.tar", blob(app.layers().get(1).digest().hex()));
            w.symlink("l2/layer.tar", "../l1/layer.tar");
            w.add("manifest.json", ("[{\"Config\":\"" + cfg + ".json\",\"RepoTags\":[\"demo/app:1\"],\"Layers\":[\"l0/layer.tar\",\"l1/layer.tar\"]},"
                    + "{\"Config\":\"" + cfg + ".json\",\"RepoTags\":[\"demo/other:2\"],\"Layers\":[\"l0/layer.tar\",\"l2/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        }
        ImageTarget target = ImageTarget.open("docker-archive:" + tar + ":demo/app:1", OciOptions.defaults());
        Manifest.Image image = target.resolve().image();
        assertThat(image.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(image.config().digest()).isEqualTo(app.config().digest());
        assertThat(image.layers()).extracting(Descriptor::digest).containsExactlyElementsOf(app.layers().stream().map(Descriptor::digest).toList());
        assertThat(image.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
        try (InputStream in = target.store().openBlob(image.layers().get(1))) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(image.layers().get(1).size());
        }
        DockerArchive other = DockerArchive.open(tar, Optional.of("demo/other:2"));
        assertThat(((Manifest.Image) ManifestCodec.parse(other.manifest())).layers().get(1).digest()).isEqualTo(app.layers().get(1).digest());
        assertThatThrownBy(() -> DockerArchive.open(tar, Optional.empty())).hasMessageContaining("holds 2 images");
        assertThatThrownBy(() -> DockerArchive.open(tar, Optional.of("nope:1"))).hasMessageContaining("demo/app:1");
        // copied into a layout it is a complete image
        ImageCopy.copy(target, OciLayout.at(tmp.resolve("out")), Optional.of("x"));
        assertThat(OciLayout.at(tmp.resolve("out")).manifest("x")).isPresent();
    }

    /** Docker 25+: an OCI layout inside the tarball, plus manifest.json; the original manifest digest survives. */
    @Test
    void readsTheOciInDockerSaveLayoutWithTheOriginalDigest() throws Exception {
        Manifest.Image app = fixture("app-2");
        String manifestHex = Fixtures.manifestDigest("app-2").hex();
        Path tar = tmp.resolve("app2.tar");
        try (TarWriter w = new TarWriter(Files.newOutputStream(tar))) {
            w.add("blobs/sha256/" + manifestHex, blob(manifestHex));
            w.add("blobs/sha256/" + app.config().digest().hex(), blob(app.config().digest().hex()));
            for (Descriptor l : app.layers()) {
                w.add("blobs/sha256/" + l.digest().hex(), blob(l.digest().hex()));
            }
            w.add("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            w.add("index.json", ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + manifestHex
                    + "\",\"size\":" + Files.size(blob(manifestHex)) + "}]}").getBytes(StandardCharsets.UTF_8));
            StringBuilder layers = new StringBuilder();
            for (Descriptor l : app.layers()) {
                layers.append(layers.isEmpty() ? "" : ",").append("\"blobs/sha256/").append(l.digest().hex()).append('"');
            }
            w.add("manifest.json", ("[{\"Config\":\"blobs/sha256/" + app.config().digest().hex() + "\",\"RepoTags\":[\"demo/app:2\"],\"Layers\":[" + layers + "]}]")
                    .getBytes(StandardCharsets.UTF_8));
        }
        DockerArchive archive = DockerArchive.open(tar, Optional.empty());
        assertThat(archive.manifest().digest()).isEqualTo(Fixtures.manifestDigest("app-2"));
        assertThat(archive.tags()).containsExactly("demo/app:2");
        assertThat(archive.manifest("demo/app:2")).isPresent();
        Descriptor small = app.layers().get(2);
        assertThat(archive.blob(small, 1000)).hasSize((int) small.size());
    }

    @Test
    void writingIsUnsupported() throws Exception {
        Path tar = tmp.resolve("min.tar");
        Manifest.Image app = fixture("app-2");
        try (TarWriter w = new TarWriter(Files.newOutputStream(tar))) {
            w.add("c.json", blob(app.config().digest().hex()));
            w.add("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":null,\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8));
        }
        DockerArchive archive = DockerArchive.open(tar, Optional.empty());
        assertThat(archive.writable()).isFalse();
        assertThatThrownBy(() -> archive.putBlob("x", new byte[1])).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo("docker-archive:" + tar + " is read-only; copy it to a registry or oci: layout first");
        });
        assertThat(archive.referrers(app.config().digest())).isEqualTo(List.of());
    }

    @Test
    void notATarOrGzippedIsRefusedClearly() throws Exception {
        Path gz = tmp.resolve("x.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[2048]);
        }
        assertThatThrownBy(() -> DockerArchive.open(gz, Optional.empty())).hasMessageContaining("gzip-compressed");
        Path junk = Files.write(tmp.resolve("junk.tar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
                54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64}).resolveSibling("junk.tar");
        Files.write(junk, new byte[1024 + 7], java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> DockerArchive.open(junk, Optional.empty())).isInstanceOf(CairnException.class);
    }
}
