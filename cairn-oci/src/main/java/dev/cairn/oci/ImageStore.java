package dev.cairn.oci;

import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where an image lives: one repository of a registry, one OCI image layout directory, or one
 * docker-archive tarball. Every command works through this interface, so each works on all three.
 * Signatures and attestations live in the same store as the image they sign (as cosign does).
 *
 * <p>Everything read through it is bounded and digest-checked: a store never hands out bytes
 * whose digest it did not verify.
 */
public interface ImageStore extends AutoCloseable {

    /** Where this is, for messages: {@code 127.0.0.1:5000/demo/app}, {@code oci:/tmp/img}, {@code docker-archive:/x.tar}. */
    String location();

    /** The manifest a tag or digest names, or empty when there is none. */
    Optional<ManifestBlob> manifest(String tagOrDigest);

    /** A blob's bytes, refused with {@code INVALID_INPUT} when larger than {@code maxBytes}. */
    byte[] blob(Descriptor descriptor, long maxBytes);

    /** A blob as a stream for large content (layers); the digest is checked when the stream reaches its end. */
    InputStream openBlob(Descriptor descriptor);

    /** Tags in this repository (bounded). */
    List<String> tags();

    /** Whether writes are possible; a docker-archive is read-only. */
    boolean writable();

    /** Whether the store holds this blob (for registries: a HEAD, so no bytes move). */
    boolean hasBlob(Descriptor descriptor);

    /** Stores a blob; a blob that already exists is not sent again. */
    Descriptor putBlob(String mediaType, byte[] content);

    /**
     * Streams a blob of known digest and size into the store; a blob that already exists is not
     * sent again. {@code content} may be opened more than once (a registry retries an upload), and
     * what it yields is checked against the descriptor before the blob becomes visible.
     */
    void putBlob(Descriptor descriptor, BlobContent content);

    /** Stores a manifest by digest and, when given, under a tag. */
    void putManifest(ManifestBlob manifest, Optional<String> tag);

    /**
     * Manifests whose {@code subject} is {@code subject}: from the OCI 1.1 referrers API where the
     * store has it, else from the tag-schema fallback index {@code sha256-<hex>}.
     */
    List<Descriptor> referrers(Digest subject);

    /**
     * Stores a manifest that has a subject and makes it findable by {@link #referrers}: where the
     * registry does not index referrers itself, adds it to the fallback index, without losing a
     * concurrent writer's entry.
     */
    void putReferrer(ManifestBlob manifest);

    @Override
    default void close() {
    }
}
