package dev.cairn.sbom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Package URLs as the field writes them: {@code pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12}.
 *
 * <p>Built here rather than with packageurl-java, whose encoder (1.5.0) writes control characters as
 * {@code %7} and non-ASCII bytes as {@code %FFFFFFC3}: names come from untrusted files, so every
 * byte outside the spec's unreserved set is percent-encoded from its UTF-8 form.
 */
public final class Purls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Purls() {
    }

    public static String of(Package pkg, Optional<OsRelease> os) {
        TreeMap<String, String> qualifiers = new TreeMap<>();
        pkg.qualifiers().forEach((k, v) -> qualifiers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Optional<String> namespace = pkg.namespace();
        if (pkg.ecosystem().operatingSystem() && os.isPresent()) {
            qualifiers.put("distro", os.get().distro());
            if (namespace.isEmpty()) {
                namespace = Optional.of(os.get().id());
            }
        }
        StringBuilder purl = new StringBuilder("pkg:").append(pkg.ecosystem().purlType()).append('/');
        namespace.ifPresent(ns -> {
            for (String segment : ns.split("/")) {
                if (!segment.isEmpty()) {
                    purl.append(encode(segment)).append('/');
                }
            }
        });
        purl.append(encode(pkg.name()));
        if (!pkg.version().isEmpty()) {
            purl.append('@').append(encode(pkg.version()));
        }
        String separator = "?";
        for (Map.Entry<String, String> q : qualifiers.entrySet()) {
            if (!q.getValue().isEmpty()) {
                purl.append(separator).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
                separator = "&";
            }
        }
        return purl.toString();
    }

    /** Percent-encodes everything but the unreserved characters {@code A-Z a-z 0-9 . - _ ~}. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
