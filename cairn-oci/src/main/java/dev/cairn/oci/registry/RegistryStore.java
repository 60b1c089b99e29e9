package dev.cairn.oci.registry;

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
import dev.cairn.oci.TagUpdate;
import dev.cairn.oci.VerifyingInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One repository of a registry (distribution spec 1.1), as an {@link ImageStore}. */
public final class RegistryStore implements ImageStore {
    private final RegistryClient client;
    private final String repository;

    public RegistryStore(RegistryClient client, String repository) {
        this.client = Objects.requireNonNull(client, "client");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    public String repository() {
        return repository;
    }

    @Override
    public String location() {
        return client.registry() + "/" + repository;
    }

    @Override
    public Optional<ManifestBlob> manifest(String tagOrDigest) {
        return client.call(repository, new ManifestGet(repository, tagOrDigest));
    }

    @Override
    public byte[] blob(Descriptor descriptor, long maxBytes) {
        if (descriptor.size() > maxBytes) {
            throw CairnException.invalid(location() + ": blob " + descriptor.digest() + " is " + descriptor.size() + " bytes; the limit is " + maxBytes);
        }
        try (InputStream in = openBlob(descriptor)) {
            return VerifyingInputStream.readBounded(in, descriptor.size(), maxBytes, location() + ": blob " + descriptor.digest());
        } catch (IOException e) {
            throw CairnException.io(location() + ": cannot read blob " + descriptor.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) {
        return client.call(repository, new BlobGet(repository, descriptor, location()));
    }

    @Override
    public List<String> tags() {
        List<String> all = new ArrayList<>();
        Optional<String> next = Optional.empty();
        int pages = 0;
        do {
            TagList.Page page = client.call(repository, new TagList(repository, next));
            all.addAll(page.tags());
            if (all.size() > Limits.MAX_TAGS || ++pages > 1000) {
                throw CairnException.invalid(location() + " has more than " + Limits.MAX_TAGS + " tags; refusing to list them all");
            }
            next = page.next();
        } while (next.isPresent());
        return List.copyOf(all);
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return client.call(repository, new BlobHead(repository, descriptor.digest()));
    }

    @Override
    public Descriptor putBlob(String mediaType, byte[] content) {
        Descriptor d = Descriptor.of(mediaType, content);
        putBlob(d, () -> new ByteArrayInputStream(content));
        return d;
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) {
        if (hasBlob(descriptor)) {
            return;
        }
        URI location = client.call(repository, new UploadStart(repository));
        client.call(repository, new UploadFinish(location, descriptor, content));
    }

    @Override
    public void putManifest(ManifestBlob manifest, Optional<String> tag) {
        push(manifest, tag);
    }

    private ManifestPut.Result push(ManifestBlob manifest, Optional<String> tag) {
        ManifestCodec.parse(manifest);
        String reference = tag.orElse(manifest.digest().toString());
        return client.call(repository, new ManifestPut(repository, reference, manifest));
    }

    @Override
    public List<Descriptor> referrers(Digest subject) {
        Optional<ManifestBlob> api = client.call(repository, new ReferrersGet(repository, subject));
        ManifestBlob index = api.or(() -> manifest(ReferrersIndex.fallbackTag(subject))).orElse(null);
        return index == null ? List.of() : ReferrersIndex.entries(index);
    }

    @Override
    public void putReferrer(ManifestBlob manifest) {
        Manifest parsed = ManifestCodec.parse(manifest);
        Descriptor subject = ReferrersIndex.subjectOf(parsed, manifest);
        if (push(manifest, Optional.empty()).subjectIndexed()) {
            return;
        }
        // no OCI-Subject header: the registry predates referrers, so we maintain the tag-schema index
        Descriptor entry = ReferrersIndex.descriptorOf(manifest, parsed);
        new TagUpdate(this, ReferrersIndex.fallbackTag(subject.digest()),
                current -> ReferrersIndex.add(current, entry),
                index -> ReferrersIndex.contains(index, entry.digest())).run();
    }
}
