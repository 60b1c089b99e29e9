package dev.cairn.policy.sigstore;

import java.util.Optional;

/**
 * What happens to an image no ClusterImagePolicy matches: policy-controller's {@code no-match-policy}
 * in its {@code config-policy-controller} ConfigMap. Its default — and the value it falls back to for
 * anything it does not recognise — is {@link #DENY}.
 */
public enum NoMatchPolicy {
    ALLOW, WARN, DENY;

    /** policy-controller's reading: {@code allow}, {@code warn}, {@code deny}; anything else (case included) is deny. */
    public static NoMatchPolicy fromConfig(Optional<String> value) {
        return switch (value.orElse("")) {
            case "allow" -> ALLOW;
            case "warn" -> WARN;
            default -> DENY;
        };
    }
}
