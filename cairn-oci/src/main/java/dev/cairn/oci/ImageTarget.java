package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.Platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An opened image location: the store, the tag or digest to ask it for, and a name for messages. */
public record ImageTarget(ImageStore store, String reference, String display, OciOptions options) implements AutoCloseable {
    private static final int MAX_CHOICES_LISTED = 20;

    public ImageTarget {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(options, "options");
    }

    /** Parses and opens a user's image string in one step. */
    public static ImageTarget open(String location, OciOptions options) {
        return ImageLocation.parse(location).open(options);
    }

    /**
     * The manifest the reference names and, for an index, the child for the requested platform.
     * Without a requested platform the index stays the subject (its digest is what gets signed,
     * as with cosign), and the child is the only platform present or {@code linux/amd64}.
     */
    public ResolvedImage resolve() {
        ManifestBlob root = store.manifest(reference)
                .orElseThrow(() -> CairnException.notFound(display + ": manifest " + reference + " not found"));
        Manifest parsed = ManifestCodec.parse(root);
        if (!(parsed instanceof Manifest.Index index)) {
            return new ResolvedImage(root, parsed, Optional.empty(), List.of());
        }
        List<Platform> available = index.manifests().stream().flatMap(d -> d.platform().stream())
                .filter(p -> !p.os().equals("unknown")).distinct().toList();
        Optional<Descriptor> child = options.platform().isPresent()
                ? Optional.of(pick(index, options.platform().get(), available))
                : defaultChild(index);
        Optional<ManifestBlob> childBlob = child.map(d -> {
            ManifestBlob blob = store.manifest(d.digest().toString())
                    .orElseThrow(() -> CairnException.notFound(display + ": manifest " + d.digest() + " listed in the index not found"));
            if (!(ManifestCodec.parse(blob) instanceof Manifest.Image)) {
                throw CairnException.invalid(display + ": platform entry " + d.digest() + " is itself an index; nested indexes are not supported");
            }
            return blob;
        });
        return new ResolvedImage(root, parsed, childBlob, available);
    }

    private Descriptor pick(Manifest.Index index, Platform wanted, List<Platform> available) {
        return index.manifests().stream().filter(d -> d.platform().map(wanted::matches).orElse(false)).findFirst()
                .orElseThrow(() -> CairnException.notFound(display + " has no image for platform " + wanted + "; available: " + list(available)));
    }

    private static Optional<Descriptor> defaultChild(Manifest.Index index) {
        List<Descriptor> real = index.manifests().stream()
                .filter(d -> d.platform().map(p -> !p.os().equals("unknown")).orElse(false)).toList();
        if (real.size() == 1) {
            return Optional.of(real.get(0));
        }
        Platform amd64 = Platform.parse("linux/amd64");
        return real.stream().filter(d -> amd64.matches(d.platform().orElseThrow())).findFirst();
    }

    static String list(List<Platform> platforms) {
        if (platforms.isEmpty()) {
            return "none";
        }
        List<String> names = platforms.stream().limit(MAX_CHOICES_LISTED).map(Platform::toString).toList();
        return String.join(", ", names) + (platforms.size() > MAX_CHOICES_LISTED ? ", …" : "");
    }

    @Override
    public void close() {
        store.close();
    }
}
