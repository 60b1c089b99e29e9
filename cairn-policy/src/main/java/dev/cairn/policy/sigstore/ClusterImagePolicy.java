package dev.cairn.policy.sigstore;

import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.KindResources;
import dev.cairn.policy.LabelSelector;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed policy-controller {@code ClusterImagePolicy} ({@code policy.sigstore.dev/v1beta1} or
 * {@code v1alpha1}). It decides nothing alone: policy-controller's rule is that an image must satisfy
 * every policy whose globs match it, and images no policy matches follow the no-match policy, so
 * {@link ClusterImagePolicies} evaluates all of a set's ClusterImagePolicies together. Evaluated on
 * its own (outside a loaded set) it behaves as a set of one with the default no-match policy, deny.
 *
 * @param source the document it was read from, for messages
 * @param warn {@code mode: warn}: failures admit with a warning instead of denying
 */
public record ClusterImagePolicy(String source, String name, List<PolicyControllerGlob> images, List<Authority> authorities, boolean warn,
                                 List<MatchResource> match) implements ImagePolicy {
    public static final String KIND = "ClusterImagePolicy";

    public ClusterImagePolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        images = List.copyOf(images);
        authorities = List.copyOf(authorities);
        match = List.copyOf(match);
    }

    /**
     * {@code match[]}: the policy applies only to resources of one of these group/version/resource
     * triples (version {@code *} for any), with labels selected by {@code selector} if given.
     */
    public record MatchResource(String group, String version, String resource, Optional<LabelSelector> selector) {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        return new ClusterImagePolicies(List.of(this), PolicyControllerSettings.DEFAULTS).evaluate(resource, verifications);
    }

    /** Whether the policy applies to this kind of resource (policy-controller's {@code match}). */
    boolean appliesTo(AdmissionResource resource) {
        if (match.isEmpty()) {
            return true;
        }
        String group = KindResources.group(resource.apiVersion());
        String version = KindResources.version(resource.apiVersion());
        String plural = KindResources.resource(resource.kind());
        return match.stream().anyMatch(m -> m.resource().equals(plural)
                && (m.version().equals(version) || m.version().equals("*"))
                && m.group().equals(group)
                && m.selector().map(s -> s.matches(resource.object().path("metadata").path("labels"))).orElse(true));
    }

    /** Whether one of the globs matches the image's name ({@code registry/repository@sha256:…}). */
    boolean matches(String imageName) {
        return images.stream().anyMatch(g -> g.matches(imageName));
    }
}
