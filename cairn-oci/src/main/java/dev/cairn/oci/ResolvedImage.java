package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.Platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of resolving a reference: the manifest it names ({@link #root}, whose digest is
 * what a signature covers) and, when that is an index, the platform's image manifest.
 */
public record ResolvedImage(ManifestBlob root, Manifest rootManifest, Optional<ManifestBlob> platformImage, List<Platform> platforms) {
    public ResolvedImage {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(rootManifest, "rootManifest");
        Objects.requireNonNull(platformImage, "platformImage");
        platforms = List.copyOf(platforms);
    }

    /** The digest the reference resolved to (an index's own digest for a multi-platform image). */
    public Digest digest() {
        return root.digest();
    }

    public boolean isIndex() {
        return rootManifest instanceof Manifest.Index;
    }

    /** The single-platform image manifest blob: the root itself, or the selected child. */
    public ManifestBlob imageBlob() {
        if (rootManifest instanceof Manifest.Image) {
            return root;
        }
        return platformImage.orElseThrow(() -> CairnException.invalid("image " + root.digest().shortForm()
                + "… is an index for several platforms; choose one with --platform (available: " + ImageTarget.list(platforms) + ")"));
    }

    /** The parsed single-platform image manifest. */
    public Manifest.Image image() {
        return (Manifest.Image) ManifestCodec.parse(imageBlob());
    }
}
