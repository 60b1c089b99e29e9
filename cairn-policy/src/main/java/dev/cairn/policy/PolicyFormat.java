package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One kind of policy document Cairn reads (Kyverno, policy-controller …). */
public interface PolicyFormat {

    /** Whether this format reads documents of this apiVersion and kind. */
    boolean reads(String apiVersion, String kind);

    /**
     * Parses and validates one document. Anything Cairn cannot enforce exactly as written (an unknown
     * field that changes meaning, keyless attestors before keyless exists) is refused with a
     * one-line {@code CairnException.invalid} naming {@code source}; never accepted and ignored.
     */
    ImagePolicy parse(JsonNode document, String source);

    /**
     * Called once per load with every policy this format parsed, in document order; returns what goes
     * into the {@link PolicySet}. The default keeps them as they are. Formats whose documents only make
     * sense together override it: policy-controller requires an image to satisfy every
     * ClusterImagePolicy that matches it and applies a no-match policy to the rest, and Kyverno's
     * ImageValidatingPolicies share the evidence {@code required} checks, so each evaluates its
     * documents as one group.
     */
    default List<ImagePolicy> assemble(List<ImagePolicy> parsed) {
        return parsed;
    }
}
