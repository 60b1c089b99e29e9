package dev.cairn.policy.sigstore;

import dev.cairn.policy.StatementPolicy;
import dev.cairn.policy.TrustedKey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One entry of a ClusterImagePolicy's {@code authorities}: any one of them admits an image. */
public sealed interface Authority {

    /** {@code authorities[].name}, or policy-controller's default {@code authority-<index>}. */
    String name();

    /**
     * {@code key}: signatures by this key (when {@code attestations} is empty) or, when it is not,
     * attestations by this key — every listed attestation must be present, and signatures are then
     * not looked at (policy-controller checks one or the other, never both).
     */
    record Key(String name, TrustedKey key, List<Attestation> attestations) implements Authority {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            attestations = List.copyOf(attestations);
        }
    }

    /** {@code static.action}: admit ({@code pass}) or refuse ({@code fail}, with an optional message) without looking. */
    record Static(String name, boolean pass, String message) implements Authority {
        public Static {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * {@code attestations[]}: a verified attestation of {@code predicateType} (the URI cosign maps a
     * short name to) that satisfies {@code policy} if one is given.
     *
     * @param policy Cairn's extension {@code policy: {type: cel, data: …}}; policy-controller's cue and
     *               rego are refused when the policy is loaded
     */
    record Attestation(String name, String predicateType, Optional<StatementPolicy> policy) {
        public Attestation {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(predicateType, "predicateType");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
