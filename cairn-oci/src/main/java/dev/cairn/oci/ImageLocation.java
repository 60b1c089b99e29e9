package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.archive.DockerArchive;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryClient;
import dev.cairn.oci.registry.RegistryStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a user said an image is: {@code oci:DIR[:tag|@digest]}, {@code docker-archive:FILE[:name:tag]},
 * or a registry reference. Parsing touches nothing; {@link #open} connects it to a store.
 */
public sealed interface ImageLocation permits ImageLocation.Registry, ImageLocation.Layout, ImageLocation.Archive {
    String OCI_PREFIX = "oci:";
    String ARCHIVE_PREFIX = "docker-archive:";

    /** Connects to the store and settles the reference to ask it for. */
    ImageTarget open(OciOptions options);

    record Registry(ImageRef ref) implements ImageLocation {
        public Registry {
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public ImageTarget open(OciOptions options) {
            RegistryStore store = new RegistryStore(RegistryClient.create(ref.registry(), options), ref.repository());
            return new ImageTarget(store, ref.reference(), ref.toString(), options);
        }
    }

    record Layout(Path dir, Optional<String> tag, Optional<Digest> digest) implements ImageLocation {
        public Layout {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public ImageTarget open(OciOptions options) {
            OciLayout layout = OciLayout.at(dir);
            String reference = digest.map(Digest::toString).or(() -> tag).orElseGet(() -> onlyManifest(layout));
            return new ImageTarget(layout, reference, layout.location() + (reference.contains(":") ? "@" : ":") + reference, options);
        }

        /** cosign's tag-scheme names for things attached to a digest: signatures, attestations, SBOMs, the referrers fallback. */
        private static final java.util.regex.Pattern ATTACHMENT_TAG =
                java.util.regex.Pattern.compile("(?:sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})(?:\\.sig|\\.att|\\.sbom)?");

        /**
         * With neither tag nor digest, the layout must hold exactly one image. Attachments do not
         * count: entries tagged with cosign's tag scheme ({@code sha256-<hex>.sig} ...) and untagged
         * referrers (an artifactType, or a manifest with a subject), so signing an image in a layout
         * leaves {@code oci:DIR} naming it.
         */
        private static String onlyManifest(OciLayout layout) {
            List<Descriptor> entries = layout.entries();
            if (entries.isEmpty()) {
                throw CairnException.notFound(layout.location() + " holds no images");
            }
            List<Descriptor> images = entries.stream().filter(d -> !isAttachment(layout, d)).toList();
            if (images.isEmpty()) {
                throw CairnException.notFound(layout.location() + " holds only signatures and attachments, no image");
            }
            List<Digest> distinct = images.stream().map(Descriptor::digest).distinct().toList();
            if (distinct.size() == 1) {
                return distinct.get(0).toString();
            }
            List<Digest> tagged = images.stream().filter(d -> d.annotations().containsKey(OciLayout.REF_NAME))
                    .map(Descriptor::digest).distinct().toList();
            if (tagged.size() == 1) {
                return tagged.get(0).toString();
            }
            List<String> tags = layout.tags().stream().filter(t -> !ATTACHMENT_TAG.matcher(t).matches()).toList();
            throw CairnException.invalid(layout.location() + " holds " + distinct.size() + " manifests; name one as "
                    + layout.location() + ":TAG (tags: " + String.join(", ", tags) + ") or @DIGEST");
        }

        private static boolean isAttachment(OciLayout layout, Descriptor entry) {
            String tag = entry.annotations().get(OciLayout.REF_NAME);
            if (tag != null) {
                return ATTACHMENT_TAG.matcher(tag).matches();
            }
            if (entry.artifactType().isPresent()) {
                return true;
            }
            if (!MediaTypes.isManifest(entry.mediaType()) && !MediaTypes.isIndex(entry.mediaType())) {
                return false;
            }
            // putReferrer records referrers as plain untagged descriptors: only the manifest says it has a subject
            try {
                return layout.manifest(entry.digest().toString()).map(blob -> ManifestCodec.parse(blob).subject().isPresent()).orElse(false);
            } catch (CairnException unreadable) {
                return false; // kept as a candidate; reading it later gives the precise error
            }
        }

        /** The store, for writing (created on first write). */
        public OciLayout store() {
            return OciLayout.at(dir);
        }
    }

    record Archive(Path file, Optional<String> nameTag) implements ImageLocation {
        public Archive {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(nameTag, "nameTag");
        }

        @Override
        public ImageTarget open(OciOptions options) {
            if (!Files.isRegularFile(file)) {
                throw CairnException.notFound(ARCHIVE_PREFIX + file + " does not exist");
            }
            DockerArchive archive = DockerArchive.open(file, nameTag);
            return new ImageTarget(archive, archive.manifest().digest().toString(), archive.location() + nameTag.map(t -> ":" + t).orElse(""), options);
        }
    }

    static ImageLocation parse(String text) {
        Objects.requireNonNull(text, "location");
        if (text.length() > 4096) {
            throw CairnException.invalid("image location is longer than 4096 characters");
        }
        if (text.startsWith(OCI_PREFIX)) {
            return parseLayout(text.substring(OCI_PREFIX.length()));
        }
        if (text.startsWith(ARCHIVE_PREFIX)) {
            return parseArchive(text.substring(ARCHIVE_PREFIX.length()));
        }
        return new Registry(ImageRef.parse(text));
    }

    private static Layout parseLayout(String rest) {
        if (rest.isEmpty()) {
            throw CairnException.invalid("oci: needs a directory, e.g. oci:./image or oci:./image:tag");
        }
        int at = rest.lastIndexOf('@');
        // a digest may itself contain '/' when it is hostile, so '@' is looked for anywhere
        if (at >= 0 && (rest.startsWith("sha256:", at + 1) || rest.startsWith("sha512:", at + 1) || rest.indexOf('/', at) < 0)) {
            return new Layout(Path.of(rest.substring(0, at)), Optional.empty(), Optional.of(Digest.parse(rest.substring(at + 1))));
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.indexOf(':', slash + 1);
        if (colon > 0) {
            String tag = rest.substring(colon + 1);
            if (tag.isEmpty() || tag.length() > 128 || !tag.matches("[\\w][\\w.-]*")) {
                throw CairnException.invalid("invalid tag '" + tag + "' in oci:" + rest);
            }
            return new Layout(Path.of(rest.substring(0, colon)), Optional.of(tag), Optional.empty());
        }
        return new Layout(Path.of(rest), Optional.empty(), Optional.empty());
    }

    /** {@code FILE[:name:tag]}: a path with colons works when it names an existing file as a whole. */
    private static Archive parseArchive(String rest) {
        if (rest.isEmpty()) {
            throw CairnException.invalid("docker-archive: needs a file, e.g. docker-archive:./app.tar");
        }
        if (Files.exists(Path.of(rest))) {
            return new Archive(Path.of(rest), Optional.empty());
        }
        int colon = rest.indexOf(':');
        if (colon > 0) {
            return new Archive(Path.of(rest.substring(0, colon)), Optional.of(rest.substring(colon + 1)));
        }
        return new Archive(Path.of(rest), Optional.empty());
    }
}
