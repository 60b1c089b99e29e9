package dev.cairn.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.TagUpdate;
import dev.cairn.sign.wire.Bundle;
import dev.cairn.sign.wire.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where cosign keeps signatures and attestations next to an image, in both of its layouts, and
 * nothing about cryptography: the legacy {@code sha256-<hex>.sig}/{@code .att} tag manifests whose
 * layers are the signed payloads, and Sigstore bundles stored as OCI referrers of the image.
 * Everything read is bounded, so a hostile registry cannot make verification unbounded.
 */
public final class AttachmentStore {
    /** cosign's annotation carrying a legacy layer's base64 signature. */
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
    public static final String BUNDLE_CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
    public static final String BUNDLE_PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";
    public static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

    static final int MAX_LEGACY_LAYERS = 128;
    static final int MAX_BUNDLES = 256;
    static final long MAX_SIMPLE_SIGNING_BYTES = 1024 * 1024;
    static final long MAX_ENVELOPE_BYTES = 32L * 1024 * 1024;

    private final ImageStore store;

    public AttachmentStore(ImageStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The two legacy tags. */
    public enum LegacyTag {
        SIGNATURES(".sig", MediaTypes.SIMPLE_SIGNING, MAX_SIMPLE_SIGNING_BYTES),
        ATTESTATIONS(".att", MediaTypes.DSSE_ENVELOPE, MAX_ENVELOPE_BYTES);

        private final String suffix;
        private final String layerMediaType;
        private final long maxLayerBytes;

        LegacyTag(String suffix, String layerMediaType, long maxLayerBytes) {
            this.suffix = suffix;
            this.layerMediaType = layerMediaType;
            this.maxLayerBytes = maxLayerBytes;
        }

        public String tagFor(Digest subject) {
            return subject.tagPrefix() + suffix;
        }
    }

    /** One layer of a legacy tag: the signed payload (or DSSE envelope) and its annotations. */
    public record LegacyLayer(Descriptor descriptor, byte[] content) {
    }

    /** A bundle found among the image's referrers, with the manifest that holds it. */
    public record StoredBundle(Descriptor manifest, Map<String, String> annotations, Bundle bundle) {
    }

    public String location() {
        return store.location();
    }

    /** The layers of a legacy tag; empty when the tag does not exist. */
    public List<LegacyLayer> legacyLayers(Digest subject, LegacyTag kind) {
        String tag = kind.tagFor(subject);
        Optional<ManifestBlob> blob = store.manifest(tag);
        if (blob.isEmpty()) {
            return List.of();
        }
        if (!(ManifestCodec.parse(blob.get()) instanceof Manifest.Image manifest)) {
            throw CairnException.invalid(store.location() + ":" + tag + " is an index, not a cosign signature manifest");
        }
        if (manifest.layers().size() > MAX_LEGACY_LAYERS) {
            throw CairnException.invalid(store.location() + ":" + tag + " has " + manifest.layers().size()
                    + " layers; refusing more than " + MAX_LEGACY_LAYERS + " signatures per image");
        }
        List<LegacyLayer> layers = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            if (layer.mediaType().equals(kind.layerMediaType)) {
                layers.add(new LegacyLayer(layer, store.blob(layer, kind.maxLayerBytes)));
            }
        }
        return layers;
    }

    /**
     * Adds a layer to a legacy tag without losing a concurrent writer's layer: the manifest is
     * read-modify-write, so {@link TagUpdate} re-reads, retries, and checks ours survived.
     */
    public void appendLegacy(Digest subject, LegacyTag kind, byte[] content, Map<String, String> annotations) {
        Descriptor layer = store.putBlob(kind.layerMediaType, content).withAnnotations(annotations);
        new TagUpdate(store, kind.tagFor(subject),
                current -> withLayer(current, layer),
                blob -> containsLayer(blob, layer)).run();
    }

    private ManifestBlob withLayer(Optional<ManifestBlob> current, Descriptor layer) {
        List<Descriptor> layers = new ArrayList<>();
        current.map(ManifestCodec::parse).ifPresent(m -> {
            if (m instanceof Manifest.Image image) {
                layers.addAll(image.layers());
            }
        });
        if (layers.size() >= MAX_LEGACY_LAYERS) {
            throw CairnException.invalid("cannot add a signature: the tag already holds " + layers.size() + " layers");
        }
        layers.add(layer);
        Descriptor config = store.putBlob(MediaTypes.OCI_CONFIG, legacyConfig(layers));
        return ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, layers,
                Optional.empty(), Optional.empty(), Map.of()));
    }

    private static boolean containsLayer(ManifestBlob blob, Descriptor layer) {
        return ManifestCodec.parse(blob) instanceof Manifest.Image image && image.layers().stream()
                .anyMatch(l -> l.digest().equals(layer.digest()) && l.annotations().equals(layer.annotations()));
    }

    /** The image config cosign writes for its signature manifests: a rootfs listing the layers. */
    private static byte[] legacyConfig(List<Descriptor> layers) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        var diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.digest().toString()));
        config.putObject("config");
        return Json.bytes(config);
    }

    /** Sigstore bundles attached to the image as referrers. */
    public List<StoredBundle> bundles(Digest subject) {
        List<StoredBundle> bundles = new ArrayList<>();
        for (Descriptor referrer : store.referrers(subject)) {
            if (!MediaTypes.SIGSTORE_BUNDLE_V03.equals(referrer.artifactType().orElse(""))) {
                continue;
            }
            if (bundles.size() >= MAX_BUNDLES) {
                throw CairnException.invalid(store.location() + ": more than " + MAX_BUNDLES + " bundles refer to " + subject);
            }
            Optional<ManifestBlob> blob = store.manifest(referrer.digest().toString());
            if (blob.isEmpty() || !(ManifestCodec.parse(blob.get()) instanceof Manifest.Image manifest) || manifest.layers().isEmpty()) {
                continue;
            }
            Descriptor layer = manifest.layers().get(0);
            Bundle bundle = Bundle.decode(store.blob(layer, MAX_ENVELOPE_BYTES));
            bundles.add(new StoredBundle(referrer, manifest.annotations(), bundle));
        }
        return bundles;
    }

    /** Stores a bundle as cosign v3 does: an artifact manifest whose subject is the image. */
    public Descriptor attachBundle(Descriptor subject, Bundle bundle, String predicateType, Instant created) {
        Descriptor config = store.putBlob(MediaTypes.OCI_EMPTY, "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .withArtifactType(MediaTypes.SIGSTORE_BUNDLE_V03);
        Descriptor layer = store.putBlob(MediaTypes.SIGSTORE_BUNDLE_V03, bundle.encode());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(BUNDLE_CONTENT_ANNOTATION, bundle.content() instanceof Bundle.Content.Dsse ? "dsse-envelope" : "message-signature");
        annotations.put(BUNDLE_PREDICATE_TYPE_ANNOTATION, predicateType);
        annotations.put(CREATED_ANNOTATION, created.truncatedTo(ChronoUnit.SECONDS).toString());
        Descriptor plainSubject = new Descriptor(subject.mediaType(), subject.digest(), subject.size(),
                Optional.empty(), Map.of(), Optional.empty());
        ManifestBlob manifest = ManifestCodec.toBlob(new Manifest.Image(MediaTypes.OCI_MANIFEST, config, List.of(layer),
                Optional.of(plainSubject), Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03), annotations));
        store.putReferrer(manifest);
        return manifest.descriptor();
    }

    /** Every referrer of the image, whatever its type (for {@code tree}). */
    public List<Descriptor> referrers(Digest subject) {
        return store.referrers(subject);
    }
}
