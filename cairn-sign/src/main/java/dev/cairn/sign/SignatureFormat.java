package dev.cairn.sign;

/** The two ways cosign stores what it signs next to an image. */
public enum SignatureFormat {
    /** cosign v3's default: a Sigstore bundle v0.3 in an OCI 1.1 referrer (tag-schema fallback index). */
    BUNDLE,
    /** cosign's original scheme: layers of the {@code sha256-<hex>.sig} / {@code .att} tag manifests. */
    LEGACY
}
