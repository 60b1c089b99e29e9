package dev.cairn.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.Envelope;
import dev.cairn.model.Statement;
import dev.cairn.sign.wire.SimpleSigning;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of verifying what is attached to an image: the items that verified, and for each
 * candidate that did not, why. Failing verification is a result, not an exception.
 */
public record Verdict<T>(SubjectImage image, List<T> verified, List<Rejection> rejected, List<String> lookedIn) {
    public Verdict {
        Objects.requireNonNull(image, "image");
        verified = List.copyOf(verified);
        rejected = List.copyOf(rejected);
        lookedIn = List.copyOf(lookedIn);
    }

    public boolean ok() {
        return !verified.isEmpty();
    }

    /** One candidate that did not verify, and the reason, e.g. "signature does not verify with the given key". */
    public record Rejection(String source, String reason) {
        @Override
        public String toString() {
            return source + ": " + reason;
        }
    }

    /** A verified image signature, presented as cosign presents it (a simple-signing claim). */
    public record Signature(SignatureFormat format, String source, SimpleSigning claim) {
    }

    /** A verified attestation: its envelope and the statement it carries. */
    public record Attestation(SignatureFormat format, String source, Envelope envelope, Statement statement, JsonNode statementJson) {
    }

    /** One line saying why verification failed, naming the image and where we looked. */
    public String failureMessage(String what) {
        if (rejected.isEmpty()) {
            return "no " + what + " for " + image.display() + ": looked in " + String.join(" and ", lookedIn);
        }
        return "no valid " + what + " for " + image.display() + ": " + rejected.size() + " found, none verified ("
                + String.join("; ", rejected.stream().map(Rejection::toString).toList()) + ")";
    }
}
