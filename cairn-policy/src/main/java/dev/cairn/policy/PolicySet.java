package dev.cairn.policy;

import java.util.List;
import java.util.Objects;

/**
 * The policies in force, with a fingerprint of their exact text: caches of decisions key on it, so
 * a changed policy set never serves an answer computed under the old one.
 */
public record PolicySet(List<ImagePolicy> policies, String fingerprint) {
    public PolicySet {
        policies = List.copyOf(policies);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public static PolicySet empty() {
        return new PolicySet(List.of(), "empty");
    }
}
