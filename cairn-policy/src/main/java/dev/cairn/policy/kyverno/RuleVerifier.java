package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ContainerImage;
import dev.cairn.policy.Parallel;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rule's {@code verifyImages} over the images of one resource, following Kyverno's engine:
 * an image takes part when any entry's {@code imageReferences} match it; for each entry, an image
 * the entry does not match or {@code skipImageReferences} matches is a skip; otherwise every
 * attestor set must verify (within a set, {@code count} entries), then every attestation (its
 * statements of the type must all satisfy the conditions). An image without a digest is
 * pinned when {@code mutateDigest} (as Kyverno, even when its verification failed; never when skipped); an image left without a digest fails {@code verifyDigest}.
 *
 * <p>Kyverno's {@code required} asks its validating webhook to check an annotation the mutating
 * webhook wrote; Cairn decides both in one pass and never trusts an annotation, so a failed
 * verification fails the rule whatever {@code required} says (as Kyverno's mutating webhook does).
 */
final class RuleVerifier {
    private final String policy;
    private final KyvernoRule rule;
    private final Verifications verifications;
    private final AdmissionResource resource;

    RuleVerifier(String policy, KyvernoRule rule, Verifications verifications, AdmissionResource resource) {
        this.policy = policy;
        this.rule = rule;
        this.verifications = verifications;
        this.resource = resource;
    }

    private record Candidate(ContainerImage container, KyvernoImage image) {
    }

    List<RuleResult> verify(List<ContainerImage> images) {
        List<RuleResult> results = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (ContainerImage container : images) {
            KyvernoImage image;
            try {
                image = KyvernoImage.parse(container.image());
            } catch (CairnException e) {
                // Kyverno cannot build its image context for such a resource: an error for the rule
                results.add(result(Optional.of(container.image()), RuleResult.Status.ERROR, e.getMessage(), RuleResult.FailureAction.ENFORCE, Optional.empty()));
                continue;
            }
            if (rule.verifyImages().stream().anyMatch(v -> v.matches(image))) {
                candidates.add(new Candidate(container, image));
            }
        }
        for (ImageVerification iv : rule.verifyImages()) {
            results.addAll(Parallel.map(candidates, c -> verifyOne(iv, c)));
        }
        return results;
    }

    private RuleResult verifyOne(ImageVerification iv, Candidate c) {
        KyvernoImage image = c.image();
        Optional<String> shown = Optional.of(image.toString());
        if (!iv.matches(image) || iv.skips(image)) {
            return result(shown, RuleResult.Status.SKIP, "skipping image reference image " + image + ", policy " + policy + " ruleName " + rule.name(),
                    iv.failureAction(), skippedPin(iv, c));
        }
        try {
            ImageRef ref = image.ref();
            Digest digest = verifications.resolve(ref);
            ImageRef pinnedRef = ref.withDigest(digest);
            Optional<String> failure = attestors(iv, pinnedRef, digest).or(() -> attestations(iv, image, pinnedRef, digest));
            // Kyverno pins the digest whether or not verification passed (recorded from its CLI); admission
            // applies pins only when the resource is allowed, and Audit with mutateDigest is refused at load
            Optional<RuleResult.ImagePatch> patch = Optional.empty();
            if (iv.mutateDigest() && !image.hasDigest()) {
                patch = Optional.of(new RuleResult.ImagePatch(c.container().pointer(), image.pinned(digest)));
            }
            if (failure.isPresent()) {
                return result(shown, RuleResult.Status.FAIL, failure.get(), iv.failureAction(), patch);
            }
            if (iv.verifyDigest() && !image.hasDigest() && patch.isEmpty()) {
                return result(shown, RuleResult.Status.FAIL, "missing digest for " + image, iv.failureAction(), Optional.empty());
            }
            String message = iv.attestations().isEmpty() && !iv.attestors().isEmpty() ? "verified image signatures for " + image
                    : iv.attestations().isEmpty() ? "mutated image digest" : "verified image attestations for " + image;
            return result(shown, RuleResult.Status.PASS, message + " (" + digest + ")", iv.failureAction(), patch);
        } catch (CairnException e) {
            return result(shown, RuleResult.Status.ERROR, "failed to verify image " + image + ": " + e.getMessage(), iv.failureAction(), Optional.empty());
        }
    }

    /**
     * Kyverno pins a skipped image too when it can resolve it (recorded: a skipped image in a
     * reachable registry is pinned; one it cannot reach is left as written, without an error).
     */
    private Optional<RuleResult.ImagePatch> skippedPin(ImageVerification iv, Candidate c) {
        if (!iv.mutateDigest() || c.image().hasDigest()) {
            return Optional.empty();
        }
        try {
            Digest digest = verifications.resolve(c.image().ref());
            return Optional.of(new RuleResult.ImagePatch(c.container().pointer(), c.image().pinned(digest)));
        } catch (CairnException unreachable) {
            return Optional.empty();
        }
    }

    /** Every attestor set must verify; the failure message names each entry that did not. */
    private Optional<String> attestors(ImageVerification iv, ImageRef ref, Digest digest) {
        for (AttestorSet set : iv.attestors()) {
            List<String> errors = new ArrayList<>();
            if (!setVerifies(set, ref, digest, errors, iv.format())) {
                return Optional.of("failed to verify image " + ref + ": " + String.join("; ", errors));
            }
        }
        return Optional.empty();
    }

    private boolean setVerifies(AttestorSet set, ImageRef ref, Digest digest, List<String> errors, SignatureFormat format) {
        int verified = 0;
        for (AttestorSet.Entry entry : set.entries()) {
            boolean ok = switch (entry) {
                case AttestorSet.KeyEntry key -> {
                    Verdict<Verdict.Signature> verdict = verifications.signatures(ref, digest, key.key(), key.annotations());
                    boolean found = verdict.verified().stream().anyMatch(sig -> sig.format() == format);
                    if (!found) {
                        errors.add(entry.path() + ": " + (verdict.ok() ? "no signatures found in " + where(format)
                                + " (a valid " + where(other(format)) + " signature exists; set verifyImages type to read it)"
                                : verdict.failureMessage("signature by " + key.key())));
                    }
                    yield found;
                }
                case AttestorSet.NestedEntry nested -> setVerifies(nested.set(), ref, digest, errors, format);
            };
            if (ok && ++verified >= set.requiredCount()) {
                return true;
            }
        }
        return false;
    }

    /** Each attestation: within each of its attestor sets, {@code count} entries must provide statements that satisfy the conditions. */
    private Optional<String> attestations(ImageVerification iv, KyvernoImage image, ImageRef ref, Digest digest) {
        for (Attestation attestation : iv.attestations()) {
            for (AttestorSet set : attestation.attestors()) {
                int verified = 0;
                List<String> errors = new ArrayList<>();
                for (AttestorSet.Entry entry : set.entries()) {
                    if (!(entry instanceof AttestorSet.KeyEntry key)) {
                        continue; // refused at load: nested attestors inside attestations
                    }
                    Verdict<Verdict.Attestation> verdict = verifications.attestations(ref, digest, key.key(), Optional.of(attestation.type()));
                    Optional<String> problem = checkStatements(verdict, attestation, image, iv.format());
                    if (problem.isEmpty()) {
                        if (++verified >= set.requiredCount()) {
                            break;
                        }
                    } else {
                        errors.add(entry.path() + ": " + problem.get());
                    }
                }
                if (verified < set.requiredCount()) {
                    return Optional.of("image attestations verification failed, verifiedCount: " + verified + ", requiredCount: "
                            + set.requiredCount() + ", error: " + (errors.isEmpty() ? "attestations verification failed" : String.join("; ", errors)));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> checkStatements(Verdict<Verdict.Attestation> verdict, Attestation attestation, KyvernoImage image, SignatureFormat format) {
        List<Verdict.Attestation> statements = verdict.verified().stream()
                .filter(a -> a.format() == format)
                .filter(a -> a.statement().predicateType().equals(attestation.type())).toList();
        if (statements.isEmpty()) {
            return Optional.of("attestations not found for predicate type " + attestation.type() + " ("
                    + verdict.failureMessage("attestation of type " + attestation.type()) + ")");
        }
        for (Verdict.Attestation statement : statements) {
            JsonNode predicate = statement.statementJson().path("predicate");
            if (!predicate.isObject()) {
                return Optional.of("failed to extract predicate from statement in " + statement.source());
            }
            try {
                Conditions.Outcome outcome = Conditions.evaluate(attestation.conditions(), context(predicate));
                if (!outcome.holds()) {
                    return Optional.of("attestation checks failed for " + image + " and predicate " + attestation.type() + ": " + outcome.message());
                }
            } catch (CairnException e) {
                return Optional.of("failed to check attestations: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Kyverno adds the predicate's fields at the root of its JSON context, beside {@code request}. */
    private JsonNode context(JsonNode predicate) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode request = context.putObject("request");
        request.set("object", resource.object());
        request.put("operation", resource.operation().name());
        request.put("namespace", resource.namespace());
        predicate.fields().forEachRemaining(e -> context.set(e.getKey(), e.getValue()));
        return context;
    }

    private static String where(SignatureFormat format) {
        return format == SignatureFormat.LEGACY ? "cosign's .sig/.att tags" : "Sigstore bundles";
    }

    private static SignatureFormat other(SignatureFormat format) {
        return format == SignatureFormat.LEGACY ? SignatureFormat.BUNDLE : SignatureFormat.LEGACY;
    }

    private RuleResult result(Optional<String> image, RuleResult.Status status, String message, RuleResult.FailureAction action,
                              Optional<RuleResult.ImagePatch> patch) {
        return new RuleResult(policy, rule.name(), image, status, message, action, patch);
    }
}
