package dev.cairn.oci.registry;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which schemes we may use for a registry host. Plain HTTP leaks credentials and lets anyone on
 * the path swap content, so it is used only for loopback hosts (a local test registry) or when
 * the user explicitly allowed an insecure registry; even then HTTPS is tried first.
 */
public final class Transport {
    private Transport() {
    }

    /** Schemes to try, in order. */
    public static List<String> schemes(String host, boolean allowInsecure) {
        if (isLoopback(host)) {
            return List.of("http");
        }
        return allowInsecure ? List.of("https", "http") : List.of("https");
    }

    /** Loopback by name only: {@code localhost}, {@code 127.x.x.x}, {@code [::1]}; no DNS lookup decides this. */
    public static boolean isLoopback(String hostAndPort) {
        String host = hostOnly(hostAndPort).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    static String hostOnly(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(1, end);
        }
        int colon = hostAndPort.lastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** Whether a URI handed to us by a registry (token realm, upload location) may be contacted. */
    public static boolean allowed(URI uri, boolean allowInsecure) {
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return true;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost();
        return allowInsecure || isLoopback(host.startsWith("[") ? host : host.contains(":") ? "[" + host + "]" : host);
    }
}
