package dev.cairn.sign;

import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.ResolvedImage;

import java.util.ArrayList;
import java.util.List;

/** Turns what the user named into the digests to sign or verify. */
public final class Subjects {
    private Subjects() {
    }

    /**
     * The image the target names, by digest: the platform's image when a platform was requested
     * from an index, else the manifest the reference names (an index's own digest, as cosign signs).
     */
    public static SubjectImage resolve(ImageTarget target) {
        ResolvedImage resolved = target.resolve();
        ManifestBlob subject = target.options().platform().isPresent() && resolved.isIndex()
                ? resolved.imageBlob() : resolved.root();
        return new SubjectImage(target.store(), subject.descriptor(), target.store().location());
    }

    /** With {@code recursive}, an index and every manifest it lists (cosign's {@code sign -r}). */
    public static List<SubjectImage> resolveAll(ImageTarget target, boolean recursive) {
        SubjectImage root = resolve(target);
        List<SubjectImage> all = new ArrayList<>(List.of(root));
        ResolvedImage resolved = target.resolve();
        if (recursive && resolved.rootManifest() instanceof Manifest.Index index) {
            for (Descriptor child : index.manifests()) {
                all.add(new SubjectImage(target.store(), new Descriptor(child.mediaType(), child.digest(), child.size(),
                        java.util.Optional.empty(), java.util.Map.of(), java.util.Optional.empty()), root.identity()));
            }
        }
        return all;
    }

    /** Whether the user named a tag (so the digest it resolved to is worth telling them). */
    public static boolean namedByTag(ImageTarget target) {
        return !target.reference().startsWith("sha256:") && !target.reference().startsWith("sha512:");
    }
}
