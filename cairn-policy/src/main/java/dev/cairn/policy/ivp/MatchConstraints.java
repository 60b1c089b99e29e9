package dev.cairn.policy.ivp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.KindResources;
import dev.cairn.policy.LabelSelector;

import java.util.List;
import java.util.Optional;

/**
 * {@code spec.matchConstraints} as the API server's admission matching reads it: the resource must
 * fall under one of {@code resourceRules} and none of {@code excludeResourceRules}, and its labels
 * must satisfy {@code objectSelector}. ({@code namespaceSelector} needs the namespace's labels, which
 * Cairn does not have: a policy with one is refused at load.)
 */
record MatchConstraints(List<Rule> resourceRules, List<Rule> excludeResourceRules, LabelSelector objectSelector) {
    MatchConstraints {
        resourceRules = List.copyOf(resourceRules);
        excludeResourceRules = List.copyOf(excludeResourceRules);
    }

    /** One {@code NamedRuleWithOperations}; {@code *} matches anything in each list. */
    record Rule(List<String> apiGroups, List<String> apiVersions, List<String> resources, List<String> operations,
                List<String> resourceNames, String scope) {
        boolean matches(AdmissionResource resource) {
            String resourceName = KindResources.resource(resource.kind());
            return has(operations, resource.operation().name())
                    && has(apiGroups, KindResources.group(resource.apiVersion()))
                    && has(apiVersions, KindResources.version(resource.apiVersion()))
                    && has(resources, resourceName)
                    && (resourceNames.isEmpty() || resourceNames.contains(resource.name()))
                    && switch (scope) {
                        case "Namespaced" -> !resource.namespace().isEmpty();
                        case "Cluster" -> resource.namespace().isEmpty();
                        default -> true;
                    };
        }

        private static boolean has(List<String> values, String value) {
            return values.contains("*") || values.contains(value);
        }
    }

    boolean matches(AdmissionResource resource) {
        return resourceRules.stream().anyMatch(r -> r.matches(resource))
                && excludeResourceRules.stream().noneMatch(r -> r.matches(resource))
                && objectSelector.matches(labels(resource));
    }

    private static JsonNode labels(AdmissionResource resource) {
        JsonNode object = resource.operation() == AdmissionResource.Operation.DELETE ? resource.oldObject().orElse(resource.object()) : resource.object();
        return object.path("metadata").path("labels");
    }

    /**
     * Kyverno generates rules for pod controllers from a policy whose only rule is {@code "" v1 pods}
     * with no resource names, no exclusions and no object selector ({@code CanAutoGen}).
     */
    boolean canAutogen() {
        if (resourceRules.size() != 1 || !excludeResourceRules.isEmpty() || !objectSelector.isEmpty()) {
            return false;
        }
        Rule rule = resourceRules.get(0);
        return rule.resourceNames().isEmpty() && rule.apiGroups().equals(List.of("")) && rule.apiVersions().equals(List.of("v1"))
                && rule.resources().equals(List.of("pods"));
    }

    /** The operations of the single pods rule, which the generated controller rules keep. */
    Optional<List<String>> autogenOperations() {
        return canAutogen() ? Optional.of(resourceRules.get(0).operations()) : Optional.empty();
    }
}
