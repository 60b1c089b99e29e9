package dev.cairn.sbom;

import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.layout.OciLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Builds small synthetic images in an OCI layout: each layer is written by a callback, streamed through gzip to disk. */
public final class TestImages {
    /** Writes one layer's tar. */
    @FunctionalInterface
    public interface Layer {
        void write(TarBuilder tar) throws IOException;
    }

    private TestImages() {
    }

    /** An image of gzip layers in a new layout under {@code dir}, tagged {@code test}. */
    public static ImageTarget image(Path dir, Layer... layers) throws IOException {
        return image(dir, true, layers);
    }

    public static ImageTarget image(Path dir, boolean gzip, Layer... layers) throws IOException {
        OciLayout layout = OciLayout.at(dir);
        List<Descriptor> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer layer : layers) {
            Path file = Files.createTempFile(dir.getParent(), "layer", ".tar");
            MessageDigest compressed = Digest.newSha256();
            MessageDigest uncompressed = Digest.newSha256();
            try (OutputStream raw = new DigestOutputStream(Files.newOutputStream(file), compressed)) {
                OutputStream z = gzip ? new GZIPOutputStream(raw, 64 * 1024) : raw;
                try (TarBuilder tar = new TarBuilder(new DigestOutputStream(z, uncompressed))) {
                    layer.write(tar);
                }
            }
            Descriptor d = new Descriptor(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER,
                    new Digest("sha256", HexFormat.of().formatHex(compressed.digest())), Files.size(file), Optional.empty(), Map.of(), Optional.empty());
            layout.putBlob(d, () -> Files.newInputStream(file));
            descriptors.add(d);
            diffIds.add("\"sha256:" + HexFormat.of().formatHex(uncompressed.digest()) + "\"");
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = layout.putBlob(MediaTypes.OCI_CONFIG, config);
        ManifestBlob manifest = ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, configDescriptor, descriptors,
                Optional.empty(), Optional.empty(), Map.of()));
        layout.putManifest(manifest, Optional.of("test"));
        return ImageTarget.open("oci:" + dir + ":test", OciOptions.defaults());
    }
}
