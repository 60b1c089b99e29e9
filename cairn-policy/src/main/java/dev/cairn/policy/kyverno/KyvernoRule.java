package dev.cairn.policy.kyverno;

import java.util.List;
import java.util.Optional;

/** A rule of a Kyverno policy that has {@code verifyImages} (the only kind of rule Cairn evaluates). */
record KyvernoRule(String name, ResourceFilter match, Optional<ResourceFilter> exclude, List<ImageVerification> verifyImages) {
    KyvernoRule {
        verifyImages = List.copyOf(verifyImages);
    }
}
