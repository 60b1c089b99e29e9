package dev.cairn.policy.kyverno;

import java.util.List;

/**
 * Kyverno's {@code attestations[]} item: statements of predicate {@code type} signed by the
 * attestors; every statement of that type must satisfy {@code conditions}.
 */
record Attestation(String type, List<AttestorSet> attestors, List<Conditions> conditions) {
    Attestation {
        attestors = List.copyOf(attestors);
        conditions = List.copyOf(conditions);
    }
}
