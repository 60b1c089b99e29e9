package dev.cairn.policy;

import java.util.Locale;

/**
 * The resource name (plural, lowercase) Kubernetes uses for a kind, guessed the way apimachinery's
 * {@code meta.UnsafeGuessKindToResource} guesses it — which is how policy-controller names the
 * resource it compares with {@code match[].resource}: {@code Pod} → {@code pods},
 * {@code NetworkPolicy} → {@code networkpolicies}, {@code Ingress} → {@code ingresses}.
 */
public final class KindResources {
    private KindResources() {
    }

    public static String resource(String kind) {
        String singular = kind.toLowerCase(Locale.ROOT);
        if (singular.isEmpty() || singular.endsWith("endpoints")) {
            return singular;
        }
        return switch (singular.charAt(singular.length() - 1)) {
            case 's' -> singular + "es";
            case 'y' -> singular.substring(0, singular.length() - 1) + "ies";
            default -> singular + "s";
        };
    }

    /** {@code apps/v1} → {@code apps}; {@code v1} → the core group {@code ""}. */
    public static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code apps/v1} → {@code v1}. */
    public static String version(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }
}
