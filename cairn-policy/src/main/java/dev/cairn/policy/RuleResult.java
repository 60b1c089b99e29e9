package dev.cairn.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one policy rule for one image of a resource (or for the resource as a whole when
 * {@code image} is empty), as a PolicyReport result carries it.
 *
 * @param patch a digest pin the rule asks for ({@code mutateDigest}); Kyverno computes it for failing images too,
 *              so apply it only when the decision allows the resource (as {@link Admission} does)
 */
public record RuleResult(String policy, String rule, Optional<String> image, Status status, String message,
                         FailureAction action, Optional<ImagePatch> patch) {
    /** PolicyReport result values. */
    public enum Status {
        PASS, FAIL, WARN, ERROR, SKIP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a failure does at admission: Enforce denies, Audit admits with a warning and a report entry. */
    public enum FailureAction { ENFORCE, AUDIT }

    public RuleResult {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(patch, "patch");
    }

    /** A failure or error that denies admission. */
    public boolean denies() {
        return action == FailureAction.ENFORCE && (status == Status.FAIL || status == Status.ERROR);
    }

    /** A failure or error that only warns (Audit). */
    public boolean warns() {
        return action == FailureAction.AUDIT && (status == Status.FAIL || status == Status.ERROR) || status == Status.WARN;
    }

    /** {@code policy/rule: image: message}, one line. */
    public String describe() {
        return policy + "/" + rule + ": " + image.map(i -> i + ": ").orElse("") + message;
    }

    /** Replace the image field at {@code pointer} (JSON pointer) with {@code pinned} ({@code ref@sha256:…}). */
    public record ImagePatch(String pointer, String pinned) {
        public ImagePatch {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(pinned, "pinned");
        }
    }
}
