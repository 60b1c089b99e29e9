package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI 1.1 referrers tag schema: where a store does not index referrers itself, an OCI index
 * tagged {@code sha256-<hex>} of the subject lists them. These are the pieces {@link TagUpdate}
 * needs to maintain that index: the descriptor to add, the merge, and the "is ours there" test.
 */
public final class ReferrersIndex {
    private ReferrersIndex() {
    }

    /** The fallback tag for a subject: {@code sha256-<hex>}. */
    public static String fallbackTag(Digest subject) {
        return subject.tagPrefix();
    }

    /** What the referrers API lists for a manifest: artifactType falls back to the config media type (spec 1.1). */
    public static Descriptor descriptorOf(ManifestBlob blob, Manifest manifest) {
        Optional<String> artifactType = manifest.artifactType();
        if (artifactType.isEmpty() && manifest instanceof Manifest.Image image) {
            artifactType = Optional.of(image.config().mediaType());
        }
        return new Descriptor(blob.mediaType(), blob.digest(), blob.bytes().length, artifactType, manifest.annotations(), Optional.empty());
    }

    /** The subject a referrer points at, or INVALID_INPUT when it has none. */
    public static Descriptor subjectOf(Manifest manifest, ManifestBlob blob) {
        return manifest.subject().orElseThrow(() -> CairnException.invalid("manifest " + blob.digest() + " has no subject, so it cannot be stored as a referrer"));
    }

    /** Adds {@code entry} to the index (an empty OCI index when absent), keeping every other entry. */
    public static ManifestBlob add(Optional<ManifestBlob> current, Descriptor entry) {
        Manifest.Index index = current.map(ReferrersIndex::asIndex).orElseGet(ManifestEncoder::emptyIndex);
        List<Descriptor> entries = new ArrayList<>(index.manifests().size() + 1);
        for (Descriptor d : index.manifests()) {
            if (!d.digest().equals(entry.digest())) {
                entries.add(d);
            }
        }
        entries.add(entry);
        if (entries.size() > Limits.MAX_ENTRIES) {
            throw CairnException.invalid("referrers index would have " + entries.size() + " entries; the limit is " + Limits.MAX_ENTRIES);
        }
        return ManifestCodec.toBlob(new Manifest.Index(MediaTypes.OCI_INDEX, entries, index.subject(), index.artifactType(), index.annotations()));
    }

    /** Whether {@code index} lists {@code digest}. */
    public static boolean contains(ManifestBlob index, Digest digest) {
        return asIndex(index).manifests().stream().anyMatch(d -> d.digest().equals(digest));
    }

    public static List<Descriptor> entries(ManifestBlob index) {
        return asIndex(index).manifests();
    }

    private static Manifest.Index asIndex(ManifestBlob blob) {
        if (ManifestCodec.parse(blob) instanceof Manifest.Index index) {
            return index;
        }
        throw CairnException.invalid("referrers fallback " + blob.digest() + " is an image manifest, not an index");
    }

    /** Empty annotations, for callers building descriptors by hand. */
    static Map<String, String> none() {
        return Map.of();
    }
}
