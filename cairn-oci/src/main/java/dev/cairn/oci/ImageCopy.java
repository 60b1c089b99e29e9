package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies an image or an index with everything below it from one store to another, blobs streamed
 * (never held whole in memory), blobs already present skipped, children pushed before their
 * parents so a registry never sees a manifest whose content is missing.
 */
public final class ImageCopy {
    private static final int MAX_DEPTH = 4;

    private ImageCopy() {
    }

    /** Copies what {@code reference} names in {@code source} into {@code destination}, tagging the root if asked. */
    public static ManifestBlob copy(ImageStore source, String reference, ImageStore destination, Optional<String> tag) {
        if (!destination.writable()) {
            throw new CairnException(dev.cairn.model.ErrorCode.UNSUPPORTED, destination.location() + " is read-only; copy to a registry or oci: layout instead");
        }
        ManifestBlob root = source.manifest(reference)
                .orElseThrow(() -> CairnException.notFound(source.location() + ": manifest " + reference + " not found"));
        copyManifest(source, root, destination, tag, 0);
        return root;
    }

    /** Copies a resolved target. */
    public static ManifestBlob copy(ImageTarget source, ImageStore destination, Optional<String> tag) {
        return copy(source.store(), source.reference(), destination, tag);
    }

    private static void copyManifest(ImageStore source, ManifestBlob blob, ImageStore destination, Optional<String> tag, int depth) {
        if (depth > MAX_DEPTH) {
            throw CairnException.invalid(source.location() + ": indexes nested deeper than " + MAX_DEPTH);
        }
        switch (ManifestCodec.parse(blob)) {
            case Manifest.Index index -> {
                for (Descriptor child : index.manifests()) {
                    ManifestBlob childBlob = source.manifest(child.digest().toString())
                            .orElseThrow(() -> CairnException.notFound(source.location() + ": manifest " + child.digest() + " listed in " + blob.digest() + " not found"));
                    copyManifest(source, childBlob, destination, Optional.empty(), depth + 1);
                }
            }
            case Manifest.Image image -> {
                List<Descriptor> blobs = new ArrayList<>(image.layers().size() + 1);
                blobs.add(image.config());
                blobs.addAll(image.layers());
                for (Descriptor d : blobs) {
                    destination.putBlob(d, () -> source.openBlob(d));
                }
            }
        }
        destination.putManifest(blob, tag);
    }
}
