package dev.cairn.policy.kyverno;

import dev.cairn.policy.RuleResult;

import java.util.List;

/**
 * One {@code verifyImages[]} item of a rule, with Kyverno's defaults applied.
 *
 * @param format where signatures and attestations count from: {@code type: Cosign} (the default) reads only
 *               cosign's legacy {@code .sig}/{@code .att} tags, {@code type: SigstoreBundle} only Sigstore bundles
 *               (recorded from Kyverno's CLI: a bundle-signed image fails a Cosign-type policy)
 */
record ImageVerification(List<String> imageReferences, List<String> skipImageReferences, List<AttestorSet> attestors,
                         List<Attestation> attestations, boolean mutateDigest, boolean verifyDigest, boolean required,
                         RuleResult.FailureAction failureAction, dev.cairn.sign.SignatureFormat format) {
    ImageVerification {
        imageReferences = List.copyOf(imageReferences);
        skipImageReferences = List.copyOf(skipImageReferences);
        attestors = List.copyOf(attestors);
        attestations = List.copyOf(attestations);
    }

    boolean matches(KyvernoImage image) {
        return matchesAny(imageReferences, image);
    }

    boolean skips(KyvernoImage image) {
        return matchesAny(skipImageReferences, image);
    }

    private static boolean matchesAny(List<String> patterns, KyvernoImage image) {
        String text = image.toString();
        return patterns.stream().anyMatch(p -> dev.cairn.policy.Wildcard.matches(p, text));
    }
}
