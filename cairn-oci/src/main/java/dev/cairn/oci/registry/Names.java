package dev.cairn.oci.registry;

/** Short forms for messages: digests as {@code sha256:d48202795508…}. */
final class Names {
    private Names() {
    }

    static String shortRef(String reference) {
        int colon = reference.indexOf(':');
        if (colon > 0 && reference.length() > colon + 13) {
            return reference.substring(0, colon + 13) + "…";
        }
        return reference;
    }
}
