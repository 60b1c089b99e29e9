package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Wildcard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's {@code match} or {@code exclude}: {@code any} (one description matches), {@code all}
 * (every description matches), or the older single {@code resources} (kept as a one-element
 * {@code all}). Only what can be decided from the resource itself is modelled; the parser refuses
 * {@code namespaceSelector}, {@code subjects}, {@code roles} and {@code clusterRoles}.
 */
record ResourceFilter(List<Description> any, List<Description> all) {
    ResourceFilter {
        any = List.copyOf(any);
        all = List.copyOf(all);
    }

    boolean matches(AdmissionResource resource) {
        if (!any.isEmpty()) {
            return any.stream().anyMatch(d -> d.matches(resource));
        }
        if (!all.isEmpty()) {
            return all.stream().allMatch(d -> d.matches(resource));
        }
        return false;
    }

    /** Every kind named anywhere in the filter. */
    List<String> kinds() {
        return java.util.stream.Stream.concat(any.stream(), all.stream()).flatMap(d -> d.kinds().stream()).toList();
    }

    /** The same filter with {@code Pod} in each description's kinds replaced by {@code controllers} (autogen). */
    ResourceFilter withPodReplacedBy(List<String> controllers) {
        return new ResourceFilter(any.stream().map(d -> d.withPodReplacedBy(controllers)).toList(),
                all.stream().map(d -> d.withPodReplacedBy(controllers)).toList());
    }

    /** Whether autogen may rewrite this filter: no names, selectors or annotations, and Pod not mixed with other kinds. */
    boolean autogenCompatible() {
        return java.util.stream.Stream.concat(any.stream(), all.stream()).allMatch(Description::autogenCompatible);
    }

    /**
     * Kyverno's ResourceDescription: every field given must match.
     *
     * @param kinds       {@code Kind}, {@code version/Kind} or {@code group/version/Kind}, wildcards allowed
     * @param names       wildcard patterns for the name ({@code name} and {@code names} together)
     * @param namespaces  wildcard patterns for the namespace
     * @param operations  admission operations
     * @param annotations wildcard key/value pairs the resource's annotations must hold
     * @param selector    label selector over the resource's own labels
     */
    record Description(List<String> kinds, List<String> names, List<String> namespaces, List<String> operations,
                       Map<String, String> annotations, Optional<LabelSelector> selector) {
        Description {
            kinds = List.copyOf(kinds);
            names = List.copyOf(names);
            namespaces = List.copyOf(namespaces);
            operations = List.copyOf(operations);
            annotations = Map.copyOf(annotations);
        }

        boolean matches(AdmissionResource resource) {
            if (!kinds.isEmpty() && kinds.stream().noneMatch(k -> kindMatches(k, resource))) {
                return false;
            }
            if (!names.isEmpty() && names.stream().noneMatch(n -> Wildcard.matches(n, resource.name()))) {
                return false;
            }
            if (!namespaces.isEmpty() && namespaces.stream().noneMatch(n -> Wildcard.matches(n, resource.namespace()))) {
                return false;
            }
            if (!operations.isEmpty() && !operations.contains(resource.operation().name())) {
                return false;
            }
            JsonNode metadata = resource.object().path("metadata");
            for (Map.Entry<String, String> a : annotations.entrySet()) {
                boolean found = false;
                for (var it = metadata.path("annotations").fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (Wildcard.matches(a.getKey(), e.getKey()) && Wildcard.matches(a.getValue(), e.getValue().asText())) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return selector.map(s -> s.matches(metadata.path("labels"))).orElse(true);
        }

        private static boolean kindMatches(String pattern, AdmissionResource resource) {
            String kindPattern = pattern;
            String groupVersion = null;
            int slash = pattern.lastIndexOf('/');
            if (slash >= 0) {
                kindPattern = pattern.substring(slash + 1);
                groupVersion = pattern.substring(0, slash);
            }
            if (!Wildcard.matches(kindPattern, resource.kind())) {
                return false;
            }
            if (groupVersion == null || groupVersion.equals("*")) {
                return true;
            }
            String apiVersion = resource.apiVersion();
            // "v1/Pod" names the core group's version; "apps/v1/Deployment" group and version; "apps/*/Deployment" any version
            if (!groupVersion.contains("/")) {
                return Wildcard.matches(groupVersion, apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
            }
            return Wildcard.matches(groupVersion, apiVersion);
        }

        Description withPodReplacedBy(List<String> controllers) {
            if (kinds.stream().noneMatch(Description::isPod)) {
                return this;
            }
            return new Description(controllers, names, namespaces, operations, annotations, selector);
        }

        boolean autogenCompatible() {
            boolean podWithOthers = kinds.size() > 1 && kinds.stream().anyMatch(Description::isPod);
            return names.isEmpty() && selector.isEmpty() && annotations.isEmpty() && !podWithOthers;
        }

        static boolean isPod(String kind) {
            return kind.equals("Pod") || kind.endsWith("/Pod");
        }
    }

    /** A Kubernetes label selector ({@code matchLabels}, {@code matchExpressions}) over the resource's labels. */
    record LabelSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {
        LabelSelector {
            matchLabels = Map.copyOf(matchLabels);
            matchExpressions = List.copyOf(matchExpressions);
        }

        boolean matches(JsonNode labels) {
            for (Map.Entry<String, String> e : matchLabels.entrySet()) {
                JsonNode v = labels.path(e.getKey());
                if (!v.isTextual() || !Wildcard.matches(e.getValue(), v.asText())) {
                    return false;
                }
            }
            return matchExpressions.stream().allMatch(x -> x.matches(labels));
        }

        record Expression(String key, String operator, List<String> values) {
            boolean matches(JsonNode labels) {
                JsonNode v = labels.path(key);
                return switch (operator) {
                    case "In" -> v.isTextual() && values.contains(v.asText());
                    case "NotIn" -> !v.isTextual() || !values.contains(v.asText());
                    case "Exists" -> v.isTextual();
                    case "DoesNotExist" -> !v.isTextual();
                    default -> false;
                };
            }
        }
    }
}
