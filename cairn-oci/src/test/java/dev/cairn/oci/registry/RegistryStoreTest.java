package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.ReferrersIndex;
import dev.cairn.oci.TagUpdate;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

class RegistryStoreTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    static RegistryStore app;

    @BeforeAll
    static void pushFixture() {
        app = registry.store("demo/app");
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-1", app, Optional.of("1"));
    }

    @Test
    void copiedImageReadsBackWithTheSameDigest() throws Exception {
        ManifestBlob blob = app.manifest("1").orElseThrow();
        assertThat(blob.digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
        assertThat(app.manifest(blob.digest().toString()).orElseThrow().digest()).isEqualTo(blob.digest());
        assertThat(app.tags()).contains("1");
        Manifest.Image image = (Manifest.Image) ManifestCodec.parse(blob);
        assertThat(Digest.sha256(app.blob(image.config(), 1 << 20))).isEqualTo(Fixtures.configDigest("app-1"));
        try (InputStream in = app.openBlob(image.layers().get(1))) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(image.layers().get(1).size());
        }
        ImageTarget target = ImageTarget.open(registry.host() + "/demo/app:1", RegistryFixture.options());
        assertThat(target.resolve().digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
    }

    @Test
    void copiesFromTheRegistryIntoANewLayout(@TempDir Path tmp) {
        OciLayout out = OciLayout.at(tmp.resolve("out"));
        ImageCopy.copy(app, "1", out, Optional.of("app-1"));
        assertThat(out.manifest("app-1").orElseThrow().digest()).isEqualTo(Fixtures.manifestDigest("app-1"));
    }

    @Test
    void missingManifestIsEmptyAndMissingBlobIsNamedInTheError() {
        Digest nothing = Digest.sha256("nothing".getBytes(StandardCharsets.UTF_8));
        assertThat(app.manifest(nothing.toString())).isEmpty();
        assertThat(app.manifest("no-such-tag")).isEmpty();
        Descriptor d = new Descriptor("application/octet-stream", nothing, 7, Optional.empty(), Map.of(), Optional.empty());
        assertThatThrownBy(() -> app.blob(d, 100)).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo(registry.host() + "/demo/app: blob " + nothing.shortForm() + "… not found");
        });
    }

    @Test
    void blobWhoseDigestDoesNotMatchIsRefused() throws Exception {
        RegistryStore store = registry.store("demo/tamper");
        Descriptor d = store.putBlob("application/octet-stream", "honest".getBytes(StandardCharsets.UTF_8));
        // tamper with the registry's storage behind its back
        try (var files = Files.walk(registry.storage())) {
            Path data = files.filter(p -> p.toString().contains(d.digest().hex()) && p.getFileName().toString().equals("data")).findFirst().orElseThrow();
            Files.writeString(data, "evil!!");
        }
        assertThatThrownBy(() -> store.blob(d, 100)).isInstanceOf(CairnException.class).hasMessageContaining("expected " + d.digest());
        Descriptor lie = Descriptor.of("application/octet-stream", "promised".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.putBlob(lie, () -> new java.io.ByteArrayInputStream("delivered".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Exception.class);
        assertThat(store.hasBlob(lie)).isFalse();
    }

    @Test
    void referrersFallBackToTheTagSchemaOnDistribution28() {
        RegistryStore store = registry.store("demo/app");
        ManifestBlob subject = store.manifest("1").orElseThrow();
        ManifestBlob sig = artifact(store, subject, "sig-a");
        store.putReferrer(sig);
        List<Descriptor> referrers = store.referrers(subject.digest());
        assertThat(referrers).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(sig.digest());
            assertThat(d.artifactType()).contains("application/vnd.example.sig");
            assertThat(d.annotations()).containsEntry("n", "sig-a");
            assertThat(d.size()).isEqualTo(sig.bytes().length);
        });
        assertThat(store.manifest(subject.digest().tagPrefix())).hasValueSatisfying(index ->
                assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX));
    }

    @Test
    void concurrentWritersToOneTagBothSurvive() throws Exception {
        String repo = "demo/race";
        ManifestBlob subject = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-2", registry.store(repo), Optional.of("2"));
        String tag = subject.digest().tagPrefix();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Descriptor> all = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                RegistryStore own = registry.store(repo); // separate client, separate connections
                List<Descriptor> mine = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    // distribution checks that an index's entries exist, so each entry is a real pushed artifact
                    ManifestBlob a = artifact(own, subject, "writer" + w + "-" + i);
                    own.putManifest(a, Optional.empty());
                    mine.add(a.descriptor());
                }
                all.addAll(mine);
                futures.add(pool.submit(() -> mine.forEach(entry -> new TagUpdate(own, tag,
                        current -> ReferrersIndex.add(current, entry), index -> ReferrersIndex.contains(index, entry.digest()), 10, 30).run())));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        ManifestBlob index = registry.store(repo).manifest(tag).orElseThrow();
        assertThat(ReferrersIndex.entries(index)).extracting(Descriptor::digest)
                .containsExactlyInAnyOrderElementsOf(all.stream().map(Descriptor::digest).toList());
    }

    static ManifestBlob artifact(RegistryStore store, ManifestBlob subject, String name) {
        Descriptor config = store.putBlob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor payload = store.putBlob("application/octet-stream", name.getBytes(StandardCharsets.UTF_8));
        return ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(payload), Optional.of(subject.descriptor()),
                Optional.of("application/vnd.example.sig"), Map.of("n", name)));
    }
}
