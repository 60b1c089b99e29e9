package dev.cairn.policy.io;

import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageStore;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.registry.RegistryClient;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.sign.ImageVerifier;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Verdict;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link Verifications} straight against registries, with no cache: what {@code cairn policy apply}
 * uses, and what the webhook's cache calls on a miss. One client per registry, reused, so TLS
 * sessions and bearer tokens are kept across images.
 */
public final class RegistryVerifications implements Verifications {
    private final Function<ImageRef, ImageStore> stores;

    public RegistryVerifications(OciOptions options) {
        Objects.requireNonNull(options, "options");
        Map<String, RegistryClient> clients = new ConcurrentHashMap<>();
        this.stores = ref -> new RegistryStore(clients.computeIfAbsent(ref.registry(), r -> RegistryClient.create(r, options)), ref.repository());
    }

    /**
     * Verifications against other stores under registry names, e.g. an OCI layout answering for
     * {@code quickstart.local/demo/app} where no registry runs.
     */
    public RegistryVerifications(Function<ImageRef, ImageStore> stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    @Override
    public Digest resolve(ImageRef ref) {
        if (ref.digest().isPresent()) {
            return ref.digest().get();
        }
        String tag = ref.tag().orElse("latest");
        return stores.apply(ref).manifest(tag).map(ManifestBlob::digest)
                .orElseThrow(() -> CairnException.notFound("no image " + ref + " (tag " + tag + " not found)"));
    }

    @Override
    public Verdict<Verdict.Signature> signatures(ImageRef ref, Digest digest, TrustedKey key, Map<String, String> annotations) {
        return new ImageVerifier(key.verifier()).verifySignatures(subject(ref, digest), annotations);
    }

    @Override
    public Verdict<Verdict.Attestation> attestations(ImageRef ref, Digest digest, TrustedKey key, Optional<String> predicateType) {
        return new ImageVerifier(key.verifier()).verifyAttestations(subject(ref, digest), predicateType);
    }

    private SubjectImage subject(ImageRef ref, Digest digest) {
        ImageStore store = stores.apply(ref);
        ManifestBlob manifest = store.manifest(digest.toString())
                .orElseThrow(() -> CairnException.notFound("no image " + ref.registry() + "/" + ref.repository() + "@" + digest));
        Descriptor descriptor = manifest.descriptor();
        return new SubjectImage(store, descriptor, ref.registry() + "/" + ref.repository());
    }
}
