package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.layout.OciLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLocationTest {
    private static final String HEX = "d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8";

    @Test
    void parsesTheThreeKinds() {
        assertThat(ImageLocation.parse("oci:/tmp/img")).isEqualTo(new ImageLocation.Layout(Path.of("/tmp/img"), Optional.empty(), Optional.empty()));
        assertThat(ImageLocation.parse("oci:./img:v1")).isEqualTo(new ImageLocation.Layout(Path.of("./img"), Optional.of("v1"), Optional.empty()));
        assertThat(ImageLocation.parse("oci:img@sha256:" + HEX)).isEqualTo(new ImageLocation.Layout(Path.of("img"), Optional.empty(), Optional.of(Digest.parse("sha256:" + HEX))));
        assertThat(ImageLocation.parse("docker-archive:/nonexistent/app.tar:demo/app:1"))
                .isEqualTo(new ImageLocation.Archive(Path.of("/nonexistent/app.tar"), Optional.of("demo/app:1")));
        assertThat(ImageLocation.parse("127.0.0.1:5000/demo/app:1")).isInstanceOfSatisfying(ImageLocation.Registry.class,
                r -> assertThat(r.ref().repository()).isEqualTo("demo/app"));
    }

    @Test
    void digestWithPathTraversalIsRejected() {
        assertThatThrownBy(() -> ImageLocation.parse("oci:/tmp/img@sha256:../../../etc/passwd")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.substring(4) + "/../")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> dev.cairn.oci.layout.OciLayout.at(Path.of("/tmp/x")).manifest("sha256:../../etc/passwd"))
                .isInstanceOf(CairnException.class);
    }

    @Test
    void layoutWithOneImageAndItsSignaturesStillNamesTheImage(@TempDir Path tmp) {
        Path dir = tmp.resolve("signed");
        OciLayout layout = OciLayout.at(dir);
        Descriptor config = layout.putBlob(MediaTypes.OCI_CONFIG,
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8));
        ManifestBlob image = ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(),
                Optional.empty(), Optional.empty(), Map.of()));
        layout.putManifest(image, Optional.of("v1"));
        String prefix = image.digest().tagPrefix();

        // cosign's tag scheme: .sig, .att and .sbom tags beside the image
        layout.putManifest(attachment(layout, Optional.empty(), MediaTypes.SIMPLE_SIGNING, Optional.empty()), Optional.of(prefix + ".sig"));
        layout.putManifest(attachment(layout, Optional.empty(), MediaTypes.DSSE_ENVELOPE, Optional.empty()), Optional.of(prefix + ".att"));
        layout.putManifest(attachment(layout, Optional.empty(), "text/spdx+json", Optional.empty()), Optional.of(prefix + ".sbom"));
        // a bundle in referrers, recorded untagged, and the fallback index tagged sha256-<hex> that lists it
        ManifestBlob bundle = attachment(layout, Optional.of(image.descriptor()), MediaTypes.SIGSTORE_BUNDLE_V03,
                Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03));
        layout.putReferrer(bundle);
        layout.putManifest(ReferrersIndex.add(Optional.empty(), ReferrersIndex.descriptorOf(bundle, ManifestCodec.parse(bundle))),
                Optional.of(ReferrersIndex.fallbackTag(image.digest())));
        // a referrer of the bundle (an untagged manifest with a subject, but no artifactType on its entry)
        layout.putReferrer(attachment(layout, Optional.of(bundle.descriptor()), "application/octet-stream", Optional.empty()));

        assertThat(layout.entries()).hasSize(7);
        assertThat(layout.entries().stream().map(Descriptor::digest).distinct()).hasSize(7);
        assertThat(ImageTarget.open("oci:" + dir, OciOptions.defaults()).resolve().digest()).isEqualTo(image.digest());

        // a second image is still ambiguous, and the message lists only image tags
        ManifestBlob other = ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(),
                Optional.empty(), Optional.empty(), Map.of("n", "other")));
        layout.putManifest(other, Optional.of("v2"));
        assertThatThrownBy(() -> ImageTarget.open("oci:" + dir, OciOptions.defaults()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(dev.cairn.model.ErrorCode.INVALID_INPUT))
                .hasMessageContaining("holds 2 manifests")
                .hasMessageContaining("(tags: v1, v2)");
    }

    @Test
    void layoutWithOnlyAttachmentsHasNoImage(@TempDir Path tmp) {
        OciLayout layout = OciLayout.at(tmp);
        layout.putManifest(attachment(layout, Optional.empty(), MediaTypes.SIMPLE_SIGNING, Optional.empty()),
                Optional.of(Digest.sha256(new byte[0]).tagPrefix() + ".sig"));
        assertThatThrownBy(() -> ImageTarget.open("oci:" + tmp, OciOptions.defaults()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(dev.cairn.model.ErrorCode.NOT_FOUND))
                .hasMessageContaining("no image");
    }

    private static ManifestBlob attachment(OciLayout layout, Optional<Descriptor> subject, String layerType, Optional<String> artifactType) {
        Descriptor config = layout.putBlob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor payload = layout.putBlob(layerType, (layerType + subject).getBytes(StandardCharsets.UTF_8));
        return ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(payload), subject, artifactType, Map.of()));
    }
}
