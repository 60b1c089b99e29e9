package dev.cairn.oci;

/**
 * Every size that comes from outside has a ceiling here, so a hostile registry, layout or tarball
 * cannot make us allocate or loop without bound.
 */
public final class Limits {
    /** Same ceiling as distribution and containerd: no legitimate manifest comes close. */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    /** Layers in an image or children in an index; real images have tens. */
    public static final int MAX_ENTRIES = 1_000;
    /** Annotations on one manifest or descriptor. */
    public static final int MAX_ANNOTATIONS = 1_000;
    /** index.json of an OCI layout collects every tag and referrer, so it gets more room. */
    public static final int MAX_LAYOUT_ENTRIES = 4_096;
    public static final int MAX_LAYOUT_INDEX_BYTES = 8 * 1024 * 1024;
    /** Config blobs, token responses, tag lists, docker manifest.json. */
    public static final int MAX_SMALL_DOCUMENT_BYTES = 4 * 1024 * 1024;
    /** Tags returned by a registry across all pages. */
    public static final int MAX_TAGS = 10_000;
    /** Entries scanned in a docker-archive tarball. */
    public static final int MAX_TAR_ENTRIES = 100_000;

    private Limits() {
    }
}
