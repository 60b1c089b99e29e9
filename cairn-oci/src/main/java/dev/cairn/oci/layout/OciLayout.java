package dev.cairn.oci.layout;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.BlobContent;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.Limits;
import dev.cairn.oci.ManifestCodec;
import dev.cairn.oci.ReferrersIndex;
import dev.cairn.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An OCI image layout directory: {@code oci-layout}, {@code index.json} (tags are entries with an
 * {@code org.opencontainers.image.ref.name} annotation) and {@code blobs/<alg>/<hex>}. The
 * directory is created on the first write. Referrers are found by scanning the manifests listed
 * in index.json for a matching subject, plus the tag-schema fallback index if one was copied in.
 */
public final class OciLayout implements ImageStore {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String LAYOUT_FILE_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private final Path root;
    private final BlobFiles blobs;
    private final LayoutIndex index;

    private OciLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = new BlobFiles(this.root);
        this.index = new LayoutIndex(this.root);
    }

    /** A layout at {@code dir}; nothing is created until something is written. */
    public static OciLayout at(Path dir) {
        return new OciLayout(dir);
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return "oci:" + root;
    }

    /** The index.json entries, in file order. */
    public List<Descriptor> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        requireLayout();
        return index.read().manifests();
    }

    @Override
    public Optional<ManifestBlob> manifest(String tagOrDigest) {
        Optional<Descriptor> entry = findEntry(tagOrDigest);
        if (tagOrDigest.contains(":")) {
            Digest digest = Digest.parse(tagOrDigest);
            if (!Files.exists(blobs.pathOf(digest))) {
                return Optional.empty();
            }
            return Optional.of(readManifest(digest, entry.map(Descriptor::mediaType)));
        }
        return entry.map(d -> readManifest(d.digest(), Optional.of(d.mediaType())));
    }

    private Optional<Descriptor> findEntry(String tagOrDigest) {
        boolean byDigest = tagOrDigest.contains(":");
        return entries().stream()
                .filter(d -> byDigest ? d.digest().toString().equals(tagOrDigest) : tagOrDigest.equals(d.annotations().get(REF_NAME)))
                .reduce((first, second) -> second);
    }

    private ManifestBlob readManifest(Digest digest, Optional<String> mediaType) {
        byte[] bytes = readBlob(digest, -1, Limits.MAX_MANIFEST_BYTES, "manifest " + digest);
        String type = mediaType.orElseGet(() -> ManifestCodec.detectMediaType(bytes, digest.toString()));
        return new ManifestBlob(bytes, type, digest);
    }

    @Override
    public byte[] blob(Descriptor descriptor, long maxBytes) {
        return readBlob(descriptor.digest(), descriptor.size(), maxBytes, "blob " + descriptor.digest());
    }

    private byte[] readBlob(Digest digest, long declaredSize, long maxBytes, String what) {
        Path p = blobs.existing(digest);
        try {
            long size = Files.size(p);
            if (size > maxBytes) {
                throw CairnException.invalid(location() + ": " + what + " is " + size + " bytes; the limit is " + maxBytes);
            }
            if (declaredSize >= 0 && size != declaredSize) {
                throw CairnException.invalid(location() + ": " + what + " has " + size + " bytes, its descriptor says " + declaredSize);
            }
            byte[] bytes = Files.readAllBytes(p);
            if (!digest.matches(bytes)) {
                throw CairnException.invalid(location() + ": " + what + " does not match its digest; the layout is corrupt or tampered with");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw CairnException.notFound(location() + ": " + what + " not found");
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) {
        Path p = blobs.existing(descriptor.digest());
        try {
            return new VerifyingInputStream(Files.newInputStream(p), descriptor.digest(), descriptor.size(),
                    location() + ": blob " + descriptor.digest());
        } catch (NoSuchFileException e) {
            throw CairnException.notFound(location() + ": blob " + descriptor.digest() + " not found");
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot open blob " + descriptor.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> tags() {
        return entries().stream().map(d -> d.annotations().get(REF_NAME)).filter(t -> t != null).distinct().toList();
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return Files.isRegularFile(blobs.pathOf(descriptor.digest()));
    }

    @Override
    public Descriptor putBlob(String mediaType, byte[] content) {
        Descriptor d = Descriptor.of(mediaType, content);
        putBlob(d, () -> new java.io.ByteArrayInputStream(content));
        return d;
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) {
        ensureCreated();
        Path target = blobs.pathOf(descriptor.digest());
        if (Files.isRegularFile(target)) {
            return;
        }
        Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            // verified while written, and only renamed into place once the digest matched
            try (InputStream in = new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(), "blob " + descriptor.digest());
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot write blob " + descriptor.digest() + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is harmless: it is never named like a blob
            }
        }
    }

    @Override
    public void putManifest(ManifestBlob manifest, Optional<String> tag) {
        ManifestCodec.parse(manifest);
        putBlob(manifest.descriptor(), () -> new java.io.ByteArrayInputStream(manifest.bytes()));
        tag.ifPresent(t -> {
            dev.cairn.model.ImageRef.parse("x:" + t); // validates the tag syntax
            Descriptor entry = manifest.descriptor().withAnnotations(Map.of(REF_NAME, t));
            index.update(current -> {
                List<Descriptor> next = new ArrayList<>();
                for (Descriptor d : current.manifests()) {
                    if (!t.equals(d.annotations().get(REF_NAME))) {
                        next.add(d);
                    }
                }
                next.add(entry);
                return with(current, next);
            });
        });
    }

    @Override
    public List<Descriptor> referrers(Digest subject) {
        Map<Digest, Descriptor> found = new LinkedHashMap<>();
        for (Descriptor entry : entries()) {
            if (!dev.cairn.model.MediaTypes.isManifest(entry.mediaType()) && !dev.cairn.model.MediaTypes.isIndex(entry.mediaType())) {
                continue;
            }
            ManifestBlob blob = readManifest(entry.digest(), Optional.of(entry.mediaType()));
            Manifest m = ManifestCodec.parse(blob);
            if (m.subject().map(s -> s.digest().equals(subject)).orElse(false)) {
                found.putIfAbsent(blob.digest(), ReferrersIndex.descriptorOf(blob, m));
            }
        }
        manifest(ReferrersIndex.fallbackTag(subject)).ifPresent(fallback ->
                ReferrersIndex.entries(fallback).forEach(d -> found.putIfAbsent(d.digest(), d)));
        return List.copyOf(found.values());
    }

    @Override
    public void putReferrer(ManifestBlob manifest) {
        Manifest m = ManifestCodec.parse(manifest);
        ReferrersIndex.subjectOf(m, manifest);
        putManifest(manifest, Optional.empty());
        // untagged index.json entries are how a layout remembers referrers (what oras does)
        Descriptor entry = manifest.descriptor();
        index.update(current -> {
            if (current.manifests().stream().anyMatch(d -> d.digest().equals(entry.digest()) && !d.annotations().containsKey(REF_NAME))) {
                return current;
            }
            List<Descriptor> next = new ArrayList<>(current.manifests());
            next.add(entry);
            return with(current, next);
        });
    }

    private static Manifest.Index with(Manifest.Index current, List<Descriptor> entries) {
        return new Manifest.Index(current.mediaType(), entries, current.subject(), current.artifactType(), current.annotations());
    }

    private void requireLayout() {
        if (!Files.isRegularFile(root.resolve("oci-layout"))) {
            throw CairnException.invalid(location() + " is not an OCI image layout: it has no oci-layout file");
        }
    }

    private synchronized void ensureCreated() {
        try {
            if (Files.isDirectory(root) && Files.isRegularFile(root.resolve("oci-layout"))) {
                return;
            }
            if (Files.isDirectory(root)) {
                try (var list = Files.list(root)) {
                    if (list.findAny().isPresent()) {
                        throw CairnException.invalid(location() + " exists and is not an OCI image layout (no oci-layout file); refusing to write into it");
                    }
                }
            }
            Files.createDirectories(root.resolve("blobs").resolve("sha256"));
            Path layoutFile = root.resolve("oci-layout");
            try {
                Files.writeString(layoutFile, LAYOUT_FILE_CONTENT, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another writer created it first: same content
            }
            if (!Files.exists(index.file())) {
                index.update(current -> current);
            }
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot create the layout: " + e.getMessage(), e);
        }
    }
}
