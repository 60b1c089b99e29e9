package dev.cairn.policy;

import java.util.List;

/**
 * A parsed policy document (Kyverno ClusterPolicy/Policy, ImageValidatingPolicy, policy-controller
 * ClusterImagePolicy) that decides about the images of admitted resources.
 */
public interface ImagePolicy {

    /** The document's kind, e.g. {@code ClusterPolicy}. */
    String kind();

    /** The policy's name; {@code namespace/name} for namespaced kinds. */
    String name();

    /**
     * Results for this resource, one per rule and image considered; empty when the policy does not
     * apply to the resource at all (kind, namespace or images outside its match).
     */
    List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications);

    /** The document's annotations (PolicyReports read severity and category from them); none by default. */
    default java.util.Map<String, String> annotations() {
        return java.util.Map.of();
    }
}
