package dev.cairn.oci.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.BlobContent;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.Limits;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code docker save} tarball, read-only. Both layouts are understood: the legacy one
 * ({@code <id>/layer.tar}, {@code <id>.json}) and Docker 25's OCI-in-docker-save
 * ({@code blobs/sha256/…} plus {@code index.json}). {@code manifest.json} says which config and
 * layers make the image. Where the archive carries the original OCI manifest we serve it (so the
 * digest is the registry's); otherwise we build a Docker v2 manifest, hashing each layer once.
 */
public final class DockerArchive implements ImageStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final TarIndex tar;
    private final List<String> repoTags;
    private final List<String> allTags;
    private final ManifestBlob manifest;
    private final Map<Digest, TarIndex.Entry> blobs;

    private DockerArchive(Path file, TarIndex tar, List<String> repoTags, List<String> allTags, ManifestBlob manifest, Map<Digest, TarIndex.Entry> blobs) {
        this.file = file;
        this.tar = tar;
        this.repoTags = repoTags;
        this.allTags = allTags;
        this.manifest = manifest;
        this.blobs = blobs;
    }

    /** Opens the archive and selects the image named {@code nameTag} (e.g. {@code demo/app:1}), or the only one. */
    public static DockerArchive open(Path file, Optional<String> nameTag) {
        String location = "docker-archive:" + file;
        TarIndex tar = TarIndex.scan(file, location);
        JsonNode entries = readJson(tar, "manifest.json", location)
                .orElseThrow(() -> CairnException.invalid(location + " has no manifest.json; is it a docker save archive?"));
        if (!entries.isArray() || entries.isEmpty()) {
            throw CairnException.invalid(location + ": manifest.json lists no images");
        }
        if (entries.size() > Limits.MAX_ENTRIES) {
            throw CairnException.invalid(location + ": manifest.json lists " + entries.size() + " images; the limit is " + Limits.MAX_ENTRIES);
        }
        List<String> allTags = new ArrayList<>();
        entries.forEach(e -> e.path("RepoTags").forEach(t -> allTags.add(t.asText())));
        JsonNode chosen = select(entries, nameTag, location, allTags);
        List<String> tags = new ArrayList<>();
        chosen.path("RepoTags").forEach(t -> tags.add(t.asText()));
        return new ImageBuilder(tar, location).build(file, chosen, tags, allTags);
    }

    private static JsonNode select(JsonNode entries, Optional<String> nameTag, String location, List<String> allTags) {
        if (nameTag.isEmpty()) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            throw CairnException.invalid(location + " holds " + entries.size() + " images; name one: " + String.join(", ", allTags));
        }
        String wanted = normaliseTag(nameTag.get());
        for (JsonNode e : entries) {
            for (JsonNode t : e.path("RepoTags")) {
                if (normaliseTag(t.asText()).equals(wanted)) {
                    return e;
                }
            }
        }
        throw CairnException.notFound(location + ": no image tagged " + nameTag.get() + "; it has " + (allTags.isEmpty() ? "no tags" : String.join(", ", allTags)));
    }

    private static String normaliseTag(String t) {
        try {
            return dev.cairn.model.ImageRef.parse(t).toString();
        } catch (CairnException e) {
            return t;
        }
    }

    static Optional<JsonNode> readJson(TarIndex tar, String name, String location) {
        Optional<TarIndex.Entry> entry = tar.find(name);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = tar.open(entry.get())) {
            byte[] bytes = VerifyingInputStream.readBounded(in, entry.get().size(), Limits.MAX_SMALL_DOCUMENT_BYTES, location + ": " + name);
            return Optional.of(JSON.readTree(bytes));
        } catch (IOException e) {
            throw CairnException.invalid(location + ": " + name + " is not valid JSON");
        }
    }

    @Override
    public String location() {
        return "docker-archive:" + file;
    }

    /** The selected image's tags as written by docker save. */
    public List<String> repoTags() {
        return repoTags;
    }

    @Override
    public Optional<ManifestBlob> manifest(String tagOrDigest) {
        if (tagOrDigest.equals(manifest.digest().toString())
                || repoTags.stream().anyMatch(t -> t.equals(tagOrDigest) || t.endsWith(":" + tagOrDigest) || normaliseTag(t).equals(normaliseTag(tagOrDigest)))) {
            return Optional.of(manifest);
        }
        return Optional.empty();
    }

    /** The selected image's manifest. */
    public ManifestBlob manifest() {
        return manifest;
    }

    @Override
    public byte[] blob(Descriptor descriptor, long maxBytes) {
        try (InputStream in = openBlob(descriptor)) {
            return VerifyingInputStream.readBounded(in, descriptor.size(), maxBytes, location() + ": blob " + descriptor.digest());
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot read blob " + descriptor.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) {
        TarIndex.Entry entry = blobs.get(descriptor.digest());
        if (entry == null) {
            throw CairnException.notFound(location() + ": blob " + descriptor.digest() + " not found");
        }
        try {
            return new VerifyingInputStream(tar.open(entry), descriptor.digest(), descriptor.size(), location() + ": blob " + descriptor.digest());
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot read blob " + descriptor.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> tags() {
        return allTags;
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return blobs.containsKey(descriptor.digest());
    }

    @Override
    public Descriptor putBlob(String mediaType, byte[] content) {
        throw readOnly();
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) {
        throw readOnly();
    }

    @Override
    public void putManifest(ManifestBlob manifest, Optional<String> tag) {
        throw readOnly();
    }

    @Override
    public List<Descriptor> referrers(Digest subject) {
        return List.of();
    }

    @Override
    public void putReferrer(ManifestBlob manifest) {
        throw readOnly();
    }

    private CairnException readOnly() {
        return new CairnException(ErrorCode.UNSUPPORTED, location() + " is read-only; copy it to a registry or oci: layout first");
    }

    /** Builds the image's manifest and blob map from one manifest.json entry. */
    private record ImageBuilder(TarIndex tar, String location) {
        DockerArchive build(Path file, JsonNode entry, List<String> tags, List<String> allTags) {
            Map<Digest, TarIndex.Entry> blobs = new HashMap<>();
            String configName = entry.path("Config").asText("");
            TarIndex.Entry configEntry = member(configName);
            Digest configDigest = hash(configEntry);
            blobs.put(configDigest, configEntry);
            JsonNode layerNames = entry.path("Layers");
            if (layerNames.size() > Limits.MAX_ENTRIES) {
                throw CairnException.invalid(location + ": image has " + layerNames.size() + " layers; the limit is " + Limits.MAX_ENTRIES);
            }
            Optional<ManifestBlob> original = originalManifest(configDigest);
            if (original.isPresent()) {
                Manifest.Image m = (Manifest.Image) ManifestCodec.parse(original.get());
                for (Descriptor layer : m.layers()) {
                    member("blobs/" + layer.digest().algorithm() + "/" + layer.digest().hex());
                    blobs.put(layer.digest(), member("blobs/" + layer.digest().algorithm() + "/" + layer.digest().hex()));
                }
                return new DockerArchive(file, tar, List.copyOf(tags), List.copyOf(allTags), original.get(), Map.copyOf(blobs));
            }
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode name : layerNames) {
                TarIndex.Entry layer = member(name.asText());
                Digest digest = hash(layer);
                blobs.put(digest, layer);
                layers.add(new Descriptor(layerMediaType(layer), digest, layer.size(), Optional.empty(), Map.of(), Optional.empty()));
            }
            Descriptor config = new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest, configEntry.size(), Optional.empty(), Map.of(), Optional.empty());
            Manifest.Image image = new Manifest.Image(MediaTypes.DOCKER_MANIFEST, config, layers, Optional.empty(), Optional.empty(), Map.of());
            return new DockerArchive(file, tar, List.copyOf(tags), List.copyOf(allTags), ManifestCodec.toBlob(image), Map.copyOf(blobs));
        }

        /** In the OCI-in-docker-save layout, the manifest that index.json lists for this config. */
        private Optional<ManifestBlob> originalManifest(Digest configDigest) {
            Optional<JsonNode> index = readJson(tar, "index.json", location);
            if (index.isEmpty()) {
                return Optional.empty();
            }
            List<Descriptor> candidates = new ArrayList<>();
            byte[] indexBytes;
            try {
                indexBytes = JSON.writeValueAsBytes(index.get());
            } catch (IOException e) {
                throw CairnException.invalid(location + ": index.json is not valid JSON");
            }
            Manifest top = ManifestCodec.parseBounded(indexBytes, MediaTypes.OCI_INDEX, location + "/index.json", Limits.MAX_ENTRIES, Limits.MAX_MANIFEST_BYTES);
            candidates.addAll(((Manifest.Index) top).manifests());
            for (int i = 0; i < candidates.size() && i < Limits.MAX_ENTRIES; i++) {
                Descriptor d = candidates.get(i);
                Optional<TarIndex.Entry> e = tar.find("blobs/" + d.digest().algorithm() + "/" + d.digest().hex());
                if (e.isEmpty()) {
                    continue;
                }
                ManifestBlob blob = new ManifestBlob(read(e.get(), d), d.mediaType(), d.digest());
                Manifest m = ManifestCodec.parse(blob);
                if (m instanceof Manifest.Index nested) {
                    candidates.addAll(nested.manifests());
                } else if (m instanceof Manifest.Image img && img.config().digest().equals(configDigest)) {
                    return Optional.of(blob);
                }
            }
            return Optional.empty();
        }

        private byte[] read(TarIndex.Entry entry, Descriptor d) {
            try (InputStream in = tar.open(entry)) {
                return VerifyingInputStream.readBounded(in, entry.size(), Limits.MAX_MANIFEST_BYTES, location + ": manifest " + d.digest());
            } catch (IOException e) {
                throw CairnException.io(location + ": cannot read " + entry.name() + ": " + e.getMessage(), e);
            }
        }

        private TarIndex.Entry member(String name) {
            return tar.find(name).orElseThrow(() -> CairnException.invalid(location + ": manifest.json names " + name + ", which the archive does not contain"));
        }

        private Digest hash(TarIndex.Entry entry) {
            MessageDigest sha = Digest.newSha256();
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = tar.open(entry)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw CairnException.io(location + ": cannot read " + entry.name() + ": " + e.getMessage(), e);
            }
            return new Digest("sha256", HexFormat.of().formatHex(sha.digest()));
        }

        private String layerMediaType(TarIndex.Entry entry) {
            try (InputStream in = tar.open(entry)) {
                byte[] magic = in.readNBytes(2);
                boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
                return gzip ? MediaTypes.DOCKER_LAYER_GZIP : "application/vnd.docker.image.rootfs.diff.tar";
            } catch (IOException e) {
                throw CairnException.io(location + ": cannot read " + entry.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
