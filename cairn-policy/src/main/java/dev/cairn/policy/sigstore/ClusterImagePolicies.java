package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ContainerImage;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.Parallel;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.RuleResult.FailureAction;
import dev.cairn.policy.RuleResult.Status;
import dev.cairn.policy.Verifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * All ClusterImagePolicies of a policy set, evaluated together as policy-controller's webhook does:
 * <ol>
 *   <li>every image of the Pod or pod controller is resolved to a digest (policy-controller's
 *       mutating webhook pins {@code registry/repo:tag} to {@code registry/repo:tag@sha256:…}, with
 *       the fully normalised name; Cairn returns that as the patch). An image whose tag cannot be
 *       resolved is denied: policy-controller's validating webhook refuses any image that is not a
 *       digest, whether a policy matches it or not;</li>
 *   <li>the policies that apply to it are those whose {@code match} selects the resource and one of
 *       whose globs matches {@code registry/repository@sha256:…};</li>
 *   <li>it must satisfy at least one authority of <em>each</em> of them; a policy in {@code warn}
 *       mode that is not satisfied only warns;</li>
 *   <li>an image no policy matches follows the no-match policy (allow, warn, or — the default —
 *       deny).</li>
 * </ol>
 * Which namespaces are subject at all is decided before Cairn is asked: policy-controller only sees
 * namespaces labelled {@code policy.sigstore.dev/include=true}, through the webhook configuration's
 * {@code namespaceSelector}; Cairn's webhook manifests must carry the same selector.
 */
public final class ClusterImagePolicies implements ImagePolicy {
    static final String NO_MATCH_RULE = "no-match-policy";
    static final String AUTHORITIES_RULE = "authorities";
    static final String DIGEST_RULE = "resolve-digest";

    private final List<ClusterImagePolicy> policies;
    private final PolicyControllerSettings settings;

    public ClusterImagePolicies(List<ClusterImagePolicy> policies, PolicyControllerSettings settings) {
        this.policies = List.copyOf(policies);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public List<ClusterImagePolicy> policies() {
        return policies;
    }

    public NoMatchPolicy noMatchPolicy() {
        return settings.noMatch();
    }

    @Override
    public String kind() {
        return ClusterImagePolicy.KIND;
    }

    @Override
    public String name() {
        return "policy-controller";
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        if (resource.operation() != AdmissionResource.Operation.CREATE && resource.operation() != AdmissionResource.Operation.UPDATE) {
            return List.of(); // policy-controller validates creates and updates only
        }
        List<ContainerImage> images = PodImages.toVerify(resource);
        return Parallel.map(images, image -> evaluateImage(resource, image, verifications)).stream().flatMap(List::stream).toList();
    }

    private List<RuleResult> evaluateImage(AdmissionResource resource, ContainerImage container, Verifications verifications) {
        GgcrName name;
        ImageRef ref;
        Digest digest;
        try {
            name = GgcrName.parse(container.image());
            ref = ImageRef.parse(container.image());
            digest = name.digest().map(Digest::parse).orElseGet(() -> verifications.resolve(ref));
        } catch (CairnException e) {
            return List.of(result(name(), DIGEST_RULE, container, Status.ERROR,
                    "cannot resolve " + container.image() + " to a digest (policy-controller admits only digests): " + e.getMessage(),
                    FailureAction.ENFORCE, Optional.empty()));
        }
        Optional<RuleResult.ImagePatch> patch = name.isDigest() ? Optional.empty()
                : Optional.of(new RuleResult.ImagePatch(container.pointer(), name.pinned(digest)));
        String matched = new GgcrName(name.repository(), Optional.empty(), Optional.of(digest.toString())).name();
        ImageRef pinned = ref.withDigest(digest);

        List<ClusterImagePolicy> applicable = policies.stream().filter(p -> p.appliesTo(resource) && p.matches(matched)).toList();
        if (applicable.isEmpty()) {
            return List.of(noMatch(container, matched, patch));
        }
        List<RuleResult> results = new ArrayList<>();
        for (ClusterImagePolicy policy : applicable) {
            results.add(evaluatePolicy(policy, container, pinned, digest, verifications, patch));
        }
        return results;
    }

    private RuleResult noMatch(ContainerImage container, String matched, Optional<RuleResult.ImagePatch> patch) {
        String message = "no ClusterImagePolicy matches " + matched;
        return switch (settings.noMatch()) {
            case ALLOW -> result(name(), NO_MATCH_RULE, container, Status.SKIP, message + " (no-match-policy: allow)", FailureAction.ENFORCE, patch);
            case WARN -> result(name(), NO_MATCH_RULE, container, Status.WARN, message + " (no-match-policy: warn)", FailureAction.AUDIT, patch);
            case DENY -> result(name(), NO_MATCH_RULE, container, Status.FAIL, message + " (no-match-policy: deny)", FailureAction.ENFORCE, Optional.empty());
        };
    }

    /** At least one authority must pass; every failing one says why, so a denial explains itself. */
    private RuleResult evaluatePolicy(ClusterImagePolicy policy, ContainerImage container, ImageRef ref, Digest digest,
                                      Verifications verifications, Optional<RuleResult.ImagePatch> patch) {
        FailureAction action = policy.warn() ? FailureAction.AUDIT : FailureAction.ENFORCE;
        if (policy.authorities().isEmpty()) {
            return result(policy.name(), AUTHORITIES_RULE, container, Status.FAIL, "policy has no authorities", action, Optional.empty());
        }
        List<AuthorityCheck.Outcome> outcomes = Parallel.map(policy.authorities(), a -> AuthorityCheck.check(a, ref, digest, verifications));
        Optional<AuthorityCheck.Outcome> passed = outcomes.stream().filter(AuthorityCheck.Outcome::passed).findFirst();
        if (passed.isPresent()) {
            return result(policy.name(), AUTHORITIES_RULE, container, Status.PASS, passed.get().message(), action, patch);
        }
        boolean error = outcomes.stream().anyMatch(AuthorityCheck.Outcome::error);
        String reasons = String.join("; ", outcomes.stream().map(AuthorityCheck.Outcome::message).toList());
        // in warn mode the image is admitted, and policy-controller's mutating webhook has pinned it regardless
        return result(policy.name(), AUTHORITIES_RULE, container, error ? Status.ERROR : Status.FAIL,
                "no authority admits it: " + reasons, action, policy.warn() ? patch : Optional.empty());
    }

    private static RuleResult result(String policy, String rule, ContainerImage container, Status status, String message,
                                     FailureAction action, Optional<RuleResult.ImagePatch> patch) {
        return new RuleResult(policy, rule, Optional.of(container.image()), status, message, action, patch);
    }
}
