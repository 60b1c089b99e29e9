package dev.cairn.policy.kyverno;

import dev.cairn.model.CairnException;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ContainerImage;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Kyverno ClusterPolicy or Policy (rules already expanded by autogen). A namespaced
 * {@code Policy} applies only to resources in its own namespace, as in Kyverno.
 *
 * @param name        the policy's name ({@code namespace/name} for a Policy)
 * @param annotations the policy's annotations (PolicyReport severity and category come from them)
 * @param background  {@code spec.background}: kept for reports; admission evaluation does not depend on it
 */
public record KyvernoPolicy(String kind, String name, Optional<String> namespace, Map<String, String> annotations,
                            boolean background, List<KyvernoRule> rules) implements ImagePolicy {
    public KyvernoPolicy {
        annotations = Map.copyOf(annotations);
        rules = List.copyOf(rules);
    }

    /** The rule names after autogen, in order (for tests and {@code cairn policy test}). */
    public List<String> ruleNames() {
        return rules.stream().map(KyvernoRule::name).toList();
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        if (namespace.isPresent() && !namespace.get().equals(resource.namespace())) {
            return List.of();
        }
        if (resource.operation() == AdmissionResource.Operation.DELETE) {
            return List.of(); // Kyverno does not verify images of objects being deleted
        }
        List<ContainerImage> images = PodImages.toVerify(resource);
        if (images.isEmpty()) {
            return List.of();
        }
        List<RuleResult> results = new ArrayList<>();
        for (KyvernoRule rule : rules) {
            if (!rule.match().matches(resource) || rule.exclude().map(e -> e.matches(resource)).orElse(false)) {
                continue;
            }
            results.addAll(new RuleVerifier(name, rule, verifications, resource).verify(images));
        }
        return results;
    }

    /** Parses an image field, or says why Kyverno would not. */
    static Optional<KyvernoImage> parse(ContainerImage image, List<String> problems) {
        try {
            return Optional.of(KyvernoImage.parse(image.image()));
        } catch (CairnException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }
}
