package dev.cairn.sign;

import dev.cairn.model.CairnException;

import java.net.URI;
import java.util.Map;

/** cosign's {@code --type} shortcuts and the predicate type URIs they stand for. */
public final class PredicateTypes {
    /** What cosign's signature bundles (new format) attest: that the image was signed. */
    public static final String COSIGN_SIGN_V1 = "https://sigstore.dev/cosign/sign/v1";
    public static final String VULN = "https://cosign.sigstore.dev/attestation/vuln/v1";

    private static final Map<String, String> SHORTCUTS = Map.of(
            "slsaprovenance", "https://slsa.dev/provenance/v0.2",
            "slsaprovenance02", "https://slsa.dev/provenance/v0.2",
            "slsaprovenance1", "https://slsa.dev/provenance/v1",
            "link", "https://in-toto.io/Link/v1",
            "spdx", "https://spdx.dev/Document",
            "spdxjson", "https://spdx.dev/Document",
            "cyclonedx", "https://cyclonedx.org/bom",
            "vuln", VULN,
            "openvex", "https://openvex.dev/ns",
            "custom", "https://cosign.sigstore.dev/attestation/v1");

    private PredicateTypes() {
    }

    /** A shortcut's URI, or the argument itself when it is an absolute URI. */
    public static String resolve(String typeOrUri) {
        String uri = SHORTCUTS.get(typeOrUri);
        if (uri != null) {
            return uri;
        }
        try {
            URI parsed = new URI(typeOrUri);
            if (parsed.isAbsolute() && parsed.getHost() != null) {
                return typeOrUri;
            }
        } catch (java.net.URISyntaxException e) {
            // fall through to the error below
        }
        throw CairnException.invalid("unknown predicate type '" + typeOrUri + "': use one of "
                + new java.util.TreeSet<>(SHORTCUTS.keySet()) + " or an absolute URI");
    }
}
