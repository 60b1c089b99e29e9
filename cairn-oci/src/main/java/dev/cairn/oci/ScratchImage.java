package dev.cairn.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a real single-layer OCI image from a few files: a ustar layer (gzip), a config whose
 * diff_ids name the uncompressed layer, and a manifest. Used by {@code quickstart}, which must work
 * with no registry and no Docker.
 */
public final class ScratchImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScratchImage() {
    }

    /** Writes the image into {@code store} under {@code tag}; returns its manifest. */
    public static ManifestBlob write(ImageStore store, String tag, SortedMap<String, byte[]> files, Instant created) {
        byte[] tar = Tar.of(files, created);
        byte[] layer = gzip(tar);
        Descriptor layerDescriptor = store.putBlob(MediaTypes.OCI_LAYER_GZIP, layer);
        ObjectNode config = JSON.createObjectNode();
        config.put("created", created.toString());
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/sh").add("/usr/local/bin/hello");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(Digest.sha256(tar).toString());
        config.putArray("history").addObject().put("created", created.toString()).put("created_by", "cairn quickstart");
        Descriptor configDescriptor;
        try {
            configDescriptor = store.putBlob(MediaTypes.OCI_CONFIG, JSON.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot encode image config", e);
        }
        ManifestBlob manifest = ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, configDescriptor,
                List.of(layerDescriptor), Optional.empty(), Optional.empty(), Map.of()));
        store.putManifest(manifest, Optional.of(tag));
        return manifest;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot gzip layer", e);
        }
        return out.toByteArray();
    }

    /** A minimal POSIX ustar writer: regular files and their parent directories. */
    static final class Tar {
        private Tar() {
        }

        static byte[] of(SortedMap<String, byte[]> files, Instant mtime) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            files.keySet().forEach(path -> {
                for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                    dirs.add(path.substring(0, i + 1));
                }
            });
            for (String dir : dirs) {
                entry(out, dir, new byte[0], '5', 0755, mtime);
            }
            files.forEach((path, content) -> entry(out, path, content, '0', path.contains("bin/") ? 0755 : 0644, mtime));
            out.writeBytes(new byte[1024]); // two zero blocks end the archive
            return out.toByteArray();
        }

        private static void entry(ByteArrayOutputStream out, String name, byte[] content, char type, int mode, Instant mtime) {
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            if (nameBytes.length > 100) {
                throw new IllegalArgumentException("tar name too long: " + name);
            }
            byte[] header = new byte[512];
            System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
            octal(header, 100, 8, mode);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, content.length);
            octal(header, 136, 12, mtime.getEpochSecond());
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            header[156] = (byte) type;
            System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            octal(header, 148, 7, sum);
            out.writeBytes(header);
            out.writeBytes(content);
            int pad = (512 - content.length % 512) % 512;
            out.writeBytes(new byte[pad]);
        }

        private static void octal(byte[] header, int offset, int length, long value) {
            String text = Long.toOctalString(value);
            String padded = "0".repeat(Math.max(0, length - 1 - text.length())) + text;
            byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length - 1));
        }
    }
}
