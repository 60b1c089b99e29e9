package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;

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
}
