package dev.cairn.oci.layout;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.ReferrersIndex;
import dev.cairn.oci.TagUpdate;
import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheFixtureLayoutTagsAndDigests() {
        OciLayout layout = OciLayout.at(Fixtures.ociLayout());
        assertThat(layout.tags()).containsExactlyInAnyOrderElementsOf(Fixtures.TAGS);
        for (String tag : Fixtures.TAGS) {
            ManifestBlob blob = layout.manifest(tag).orElseThrow();
            assertThat(blob.digest()).isEqualTo(Fixtures.manifestDigest(tag));
            Manifest.Image image = (Manifest.Image) ManifestCodec.parse(blob);
            assertThat(image.config().digest()).isEqualTo(Fixtures.configDigest(tag));
            byte[] config = layout.blob(image.config(), 1 << 20);
            assertThat(image.config().digest().matches(config)).isTrue();
        }
        assertThat(layout.manifest("missing")).isEmpty();
        assertThat(layout.manifest(Fixtures.manifestDigest("app-2").toString())).isPresent();
    }

    @Test
    void resolvesTargetsByTagDigestAndRefusesAmbiguity() {
        ImageTarget byTag = ImageTarget.open("oci:" + Fixtures.ociLayout() + ":app-1", OciOptions.defaults());
        assertThat(byTag.resolve().digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        assertThat(byTag.resolve().image().layers()).hasSize(2);
        ImageTarget byDigest = ImageTarget.open("oci:" + Fixtures.ociLayout() + "@" + Fixtures.manifestDigest("base"), OciOptions.defaults());
        assertThat(byDigest.resolve().digest()).isEqualTo(Fixtures.manifestDigest("base"));
        assertThatThrownBy(() -> ImageTarget.open("oci:" + Fixtures.ociLayout(), OciOptions.defaults()))
                .isInstanceOf(CairnException.class).hasMessageContaining("holds 3 manifests");
    }

    @Test
    void copiesAnImageIntoANewLayoutAndReadsItBack() throws Exception {
        Path dest = tmp.resolve("new/layout");
        OciLayout target = OciLayout.at(dest);
        ManifestBlob copied = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-1", target, Optional.of("copied"));
        assertThat(copied.digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        assertThat(Files.readString(dest.resolve("oci-layout"))).contains("1.0.0");
        assertThat(target.manifest("copied").orElseThrow().digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        ImageTarget only = ImageTarget.open("oci:" + dest, OciOptions.defaults());
        assertThat(only.resolve().digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        Manifest.Image image = only.resolve().image();
        try (InputStream in = target.openBlob(image.layers().get(1))) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(image.layers().get(1).size());
        }
    }

    @Test
    void blobWhoseDigestDoesNotMatchIsRefused() throws Exception {
        OciLayout layout = OciLayout.at(tmp.resolve("l"));
        Descriptor d = layout.putBlob("application/octet-stream", "honest".getBytes(StandardCharsets.UTF_8));
        Files.writeString(tmp.resolve("l/blobs/sha256/" + d.digest().hex()), "evil!!");
        assertThatThrownBy(() -> layout.blob(d, 100)).isInstanceOf(CairnException.class).hasMessageContaining("does not match its digest");
        assertThatThrownBy(() -> {
            try (InputStream in = layout.openBlob(d)) {
                in.readAllBytes();
            }
        }).isInstanceOf(CairnException.class).hasMessageContaining("expected " + d.digest());
        // and writing content that is not what the descriptor says never lands in blobs/
        Descriptor lie = Descriptor.of("application/octet-stream", "promised".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> layout.putBlob(lie, () -> new java.io.ByteArrayInputStream("delivered".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(CairnException.class);
        assertThat(layout.hasBlob(lie)).isFalse();
    }

    @Test
    void symlinkedBlobEscapingTheLayoutIsRefused() throws Exception {
        OciLayout layout = OciLayout.at(tmp.resolve("l"));
        layout.putBlob("application/octet-stream", "x".getBytes(StandardCharsets.UTF_8));
        Path secret = Files.writeString(tmp.resolve("secret"), "top secret");
        Digest digest = Digest.sha256("top secret".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(tmp.resolve("l/blobs/sha256/" + digest.hex()), secret);
        Descriptor d = new Descriptor("application/octet-stream", digest, 10, Optional.empty(), Map.of(), Optional.empty());
        assertThatThrownBy(() -> layout.blob(d, 100)).isInstanceOf(CairnException.class).hasMessageContaining("outside the layout");
    }

    @Test
    void layoutIndexWithThousandsOfManifestsIsBounded() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"manifests\":[");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.OCI_MANIFEST)
                    .append("\",\"digest\":\"").append(Digest.sha256(("m" + i).getBytes(StandardCharsets.UTF_8))).append("\",\"size\":10}");
        }
        Files.writeString(dir.resolve("index.json"), json.append("]}"));
        assertThatThrownBy(() -> OciLayout.at(dir).tags())
                .isInstanceOf(CairnException.class).hasMessageContaining("5000 manifests; the limit is 4096");
    }

    @Test
    void referrersAreFoundBySubjectAndFallbackTag() {
        OciLayout layout = OciLayout.at(tmp.resolve("r"));
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-2", layout, Optional.of("app-2"));
        ManifestBlob subject = layout.manifest("app-2").orElseThrow();
        ManifestBlob sig = artifact(layout, subject, "sig-1");
        layout.putReferrer(sig);
        layout.putReferrer(sig);
        List<Descriptor> referrers = layout.referrers(subject.digest());
        assertThat(referrers).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(sig.digest());
            assertThat(d.artifactType()).contains("application/vnd.example.sig");
            assertThat(d.annotations()).containsEntry("n", "sig-1");
        });
        assertThat(layout.referrers(Digest.sha256(new byte[0]))).isEmpty();
    }

    @Test
    void concurrentTagUpdatesKeepBothContributions() throws Exception {
        OciLayout shared = OciLayout.at(tmp.resolve("c"));
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-2", shared, Optional.of("app-2"));
        Digest subject = Fixtures.manifestDigest("app-2");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            List<Descriptor> added = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                OciLayout mine = OciLayout.at(tmp.resolve("c"));
                for (int i = 0; i < 3; i++) {
                    Descriptor entry = Descriptor.of(MediaTypes.OCI_MANIFEST, ("w" + writer + "-" + i).getBytes(StandardCharsets.UTF_8));
                    added.add(entry);
                }
                List<Descriptor> ours = List.copyOf(added.subList(writer * 3, writer * 3 + 3));
                futures.add(pool.submit(() -> {
                    for (Descriptor entry : List.copyOf(ours)) {
                        new TagUpdate(mine, ReferrersIndex.fallbackTag(subject), current -> ReferrersIndex.add(current, entry),
                                index -> ReferrersIndex.contains(index, entry.digest()), 10, 20).run();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            ManifestBlob index = shared.manifest(ReferrersIndex.fallbackTag(subject)).orElseThrow();
            assertThat(ReferrersIndex.entries(index)).extracting(Descriptor::digest)
                    .containsExactlyInAnyOrderElementsOf(added.stream().map(Descriptor::digest).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    static ManifestBlob artifact(dev.cairn.oci.ImageStore store, ManifestBlob subject, String name) {
        Descriptor config = store.putBlob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor payload = store.putBlob("application/octet-stream", name.getBytes(StandardCharsets.UTF_8));
        Manifest.Image m = new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(payload), Optional.of(subject.descriptor()),
                Optional.of("application/vnd.example.sig"), Map.of("n", name));
        return ManifestCodec.toBlob(m);
    }
}
