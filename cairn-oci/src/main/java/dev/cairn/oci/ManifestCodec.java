package dev.cairn.oci;

import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;

/**
 * Reads stored manifest bytes into the model and writes the model as canonical compact JSON.
 * Parsing never changes what was read: the bytes in a {@link ManifestBlob} stay the source of
 * truth for its digest; the parsed {@link Manifest} is a view of them.
 */
public final class ManifestCodec {
    private ManifestCodec() {
    }

    /** Parses an OCI manifest/index or a Docker v2 manifest/list, bounded by {@link Limits}. */
    public static Manifest parse(ManifestBlob blob) {
        return ManifestParser.parse(blob.bytes(), blob.mediaType(), blob.digest().toString(), Limits.MAX_ENTRIES, Limits.MAX_MANIFEST_BYTES);
    }

    /** Parses with explicit bounds, for documents that are indexes but not manifests (a layout's index.json). */
    public static Manifest parseBounded(byte[] bytes, String mediaType, String name, int maxEntries, int maxBytes) {
        return ManifestParser.parse(bytes, mediaType, name, maxEntries, maxBytes);
    }

    /** Canonical bytes in the OCI field order, empty optional fields omitted. */
    public static byte[] encode(Manifest manifest) {
        return ManifestEncoder.encode(manifest);
    }

    /**
     * The media type manifest bytes declare: their {@code mediaType} field, else (for early OCI
     * manifests without one) the structure decides.
     */
    public static String detectMediaType(byte[] bytes, String name) {
        if (bytes.length > Limits.MAX_MANIFEST_BYTES) {
            throw dev.cairn.model.CairnException.invalid("manifest " + name + " is " + bytes.length + " bytes; the limit is " + Limits.MAX_MANIFEST_BYTES);
        }
        var root = ManifestParser.readTree(bytes, "manifest " + name);
        var field = root.get("mediaType");
        if (field != null && field.isTextual()) {
            return field.textValue();
        }
        return root.has("manifests") ? dev.cairn.model.MediaTypes.OCI_INDEX : dev.cairn.model.MediaTypes.OCI_MANIFEST;
    }

    /** Encodes and wraps as a blob with the manifest's own media type. */
    public static ManifestBlob toBlob(Manifest manifest) {
        return ManifestBlob.of(encode(manifest), manifest.mediaType());
    }
}
