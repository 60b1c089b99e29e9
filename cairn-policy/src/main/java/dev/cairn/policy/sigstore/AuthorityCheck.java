package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.Verdict;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one authority against one image, as policy-controller's {@code ValidatePolicy} does for a
 * key authority without {@code signatureFormat: bundle}: cosign's legacy layout only
 * ({@code sha256-….sig} / {@code .att} tags) — policy-controller refuses the bundle format for key
 * authorities — and no transparency log unless {@code ctlog} is set (which Cairn refuses at load).
 */
final class AuthorityCheck {
    private AuthorityCheck() {
    }

    /** The authority admitted the image, or why not; {@code error} marks a failure to look (registry down), not a verdict. */
    record Outcome(boolean passed, boolean error, String message) {
    }

    static Outcome check(Authority authority, ImageRef ref, Digest digest, Verifications verifications) {
        try {
            return switch (authority) {
                case Authority.Static s -> s.pass()
                        ? new Outcome(true, false, "admitted by static authority " + s.name())
                        : new Outcome(false, false, s.name() + ": disallowed by static policy: " + s.message());
                case Authority.Key k when k.attestations().isEmpty() -> signatures(k, ref, digest, verifications);
                case Authority.Key k -> attestations(k, ref, digest, verifications);
            };
        } catch (CairnException e) {
            return new Outcome(false, true, authority.name() + ": " + e.getMessage());
        }
    }

    private static Outcome signatures(Authority.Key authority, ImageRef ref, Digest digest, Verifications verifications) {
        Verdict<Verdict.Signature> verdict = verifications.signatures(ref, digest, authority.key(), Map.of());
        List<Verdict.Signature> legacy = verdict.verified().stream().filter(s -> s.format() == SignatureFormat.LEGACY).toList();
        if (!legacy.isEmpty()) {
            return new Outcome(true, false, "signature by " + authority.key() + " verified (authority " + authority.name() + ")");
        }
        if (verdict.ok()) {
            return new Outcome(false, false, authority.name() + ": only bundle-format signatures by " + authority.key()
                    + ", which policy-controller does not accept for key authorities (sign with --format legacy)");
        }
        return new Outcome(false, false, authority.name() + ": " + verdict.failureMessage("signature by " + authority.key()));
    }

    /** Every listed attestation must be found, verified and (with a policy) satisfied by at least one statement. */
    private static Outcome attestations(Authority.Key authority, ImageRef ref, Digest digest, Verifications verifications) {
        for (Authority.Attestation wanted : authority.attestations()) {
            Verdict<Verdict.Attestation> verdict = verifications.attestations(ref, digest, authority.key(), Optional.of(wanted.predicateType()));
            List<Verdict.Attestation> candidates = verdict.verified().stream()
                    .filter(a -> a.format() == SignatureFormat.LEGACY)
                    .filter(a -> a.statement().predicateType().equals(wanted.predicateType()))
                    .toList();
            if (candidates.isEmpty()) {
                String why = verdict.ok() ? "only bundle-format attestations, which policy-controller does not accept for key authorities (attest with --format legacy)"
                        : verdict.failureMessage("attestation of type " + wanted.predicateType() + " by " + authority.key());
                return new Outcome(false, false, authority.name() + ": attestation " + wanted.name() + ": " + why);
            }
            if (wanted.policy().isPresent()) {
                Optional<String> violation = firstViolation(wanted.policy().get(), candidates);
                if (violation.isPresent()) {
                    return new Outcome(false, false, authority.name() + ": attestation " + wanted.name() + " fails its policy: " + violation.get());
                }
            }
        }
        return new Outcome(true, false, "attestations " + String.join(", ", authority.attestations().stream().map(Authority.Attestation::name).toList())
                + " by " + authority.key() + " verified (authority " + authority.name() + ")");
    }

    /** Empty when some candidate satisfies the policy; else the first candidate's reason. */
    private static Optional<String> firstViolation(StatementPolicy policy, List<Verdict.Attestation> candidates) {
        String first = null;
        for (Verdict.Attestation candidate : candidates) {
            StatementPolicy.Outcome outcome = policy.evaluate(candidate.statement(), candidate.statementJson());
            if (outcome instanceof StatementPolicy.Outcome.Satisfied) {
                return Optional.empty();
            }
            if (first == null) {
                first = ((StatementPolicy.Outcome.Violated) outcome).reason();
            }
        }
        return Optional.of(first);
    }
}
