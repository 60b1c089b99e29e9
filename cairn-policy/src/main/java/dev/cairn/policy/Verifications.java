package dev.cairn.policy;

import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.sign.Verdict;

import java.util.Map;
import java.util.Optional;

/**
 * What policies ask of registries. Policies only decide; this does the looking. The webhook puts a
 * cache, coalescing of identical in-flight calls, per-registry limits and a deadline in front of
 * {@link RegistryVerifications}; {@code cairn policy apply} uses it directly.
 *
 * <p>Every method may throw {@code CairnException} (registry unreachable, too slow, malformed
 * answers): a policy turns that into an {@code ERROR} result naming the image, never a pass.
 */
public interface Verifications {

    /** The digest a reference names now (a reference with a digest is returned as it is, unchecked). */
    Digest resolve(ImageRef ref);

    /** Signatures by {@code key} over exactly {@code digest}, carrying the required annotations. */
    Verdict<Verdict.Signature> signatures(ImageRef ref, Digest digest, TrustedKey key, Map<String, String> annotations);

    /** Attestations by {@code key} about exactly {@code digest}, of the predicate type when given. */
    Verdict<Verdict.Attestation> attestations(ImageRef ref, Digest digest, TrustedKey key, Optional<String> predicateType);
}
