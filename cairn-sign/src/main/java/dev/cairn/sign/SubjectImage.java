package dev.cairn.sign;

import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.oci.ImageStore;

import java.util.Objects;

/**
 * An image resolved to its digest: what is signed and verified. {@code identity} is the name put in
 * payloads (cosign's docker-reference); only the digest is a security claim.
 */
public record SubjectImage(ImageStore store, Descriptor descriptor, String identity) {
    public SubjectImage {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(identity, "identity");
    }

    public Digest digest() {
        return descriptor.digest();
    }

    /** {@code identity@digest}, how messages name the image. */
    public String display() {
        return identity + "@" + digest();
    }
}
