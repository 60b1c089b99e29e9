package dev.cairn.model;

import java.util.Objects;

/**
 * A manifest exactly as stored: its bytes are what the digest covers, so they are never
 * re-serialised once read.
 */
public record ManifestBlob(byte[] bytes, String mediaType, Digest digest) {
    public ManifestBlob {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches(bytes)) {
            throw CairnException.invalid("manifest content does not match its digest " + digest);
        }
    }

    public static ManifestBlob of(byte[] bytes, String mediaType) {
        return new ManifestBlob(bytes, mediaType, Digest.sha256(bytes));
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length, java.util.Optional.empty(), java.util.Map.of(), java.util.Optional.empty());
    }
}
