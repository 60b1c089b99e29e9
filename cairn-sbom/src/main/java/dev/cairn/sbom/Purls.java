package dev.cairn.sbom;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Package URLs as the field writes them: {@code pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12}.
 *
 * <p>Built here rather than with packageurl-java, whose encoder (1.5.0) writes control characters as
 * {@code %7} and non-ASCII bytes as {@code %FFFFFFC3}: names come from untrusted files, so every
 * byte outside the spec's unreserved set is percent-encoded from its UTF-8 form.
 *
 * <p>{@link #parse} reads them back, as the spec's "how to parse" says, with packageurl-java 1.5.0's
 * choices where the spec leaves room (see {@link #parse}), but percent-escapes decoded as UTF-8.
 */
public final class Purls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Longest PURL {@link #parse} reads. */
    public static final int MAX_LENGTH = 4096;

    /**
     * A parsed package URL: decoded and normalised components. The namespace and the subpath are
     * {@code /}-joined segments; an empty version ({@code pkg:npm/x@}) is kept, as packageurl-java does.
     */
    public record Purl(String type, Optional<String> namespace, String name, Optional<String> version,
                       SortedMap<String, String> qualifiers, Optional<String> subpath) {
        public Purl {
            qualifiers = Collections.unmodifiableSortedMap(new TreeMap<>(qualifiers));
        }

        /** This PURL written back, every byte outside the unreserved set percent-encoded. */
        public String canonical() {
            StringBuilder out = new StringBuilder("pkg:").append(type).append('/');
            namespace.ifPresent(ns -> {
                for (String segment : ns.split("/")) {
                    if (!segment.isEmpty()) {
                        out.append(encode(segment)).append('/');
                    }
                }
            });
            out.append(encode(name));
            version.ifPresent(v -> out.append('@').append(encode(v)));
            String separator = "?";
            for (Map.Entry<String, String> q : qualifiers.entrySet()) {
                if (!q.getValue().isEmpty()) {
                    out.append(separator).append(q.getKey()).append('=').append(encode(q.getValue()));
                    separator = "&";
                }
            }
            subpath.ifPresent(sp -> {
                String separatorChar = "#";
                for (String segment : sp.split("/")) {
                    if (!segment.isEmpty()) {
                        out.append(separatorChar).append(encode(segment));
                        separatorChar = "/";
                    }
                }
            });
            return out.toString();
        }

        @Override
        public String toString() {
            return canonical();
        }
    }

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

    /**
     * Parses a package URL as the purl spec says: scheme {@code pkg} (any case); subpath after the
     * {@code #}, its empty, {@code .} and {@code ..} segments dropped; qualifiers after the last
     * {@code ?}, keys lowercased, empty values dropped, a repeated key refused; type lowercased; version
     * after the last {@code @}; name after the last {@code /}; namespace segments, empty ones dropped.
     * Escapes decode as UTF-8. Types normalised as packageurl-java 1.5.0 does: pypi names lowercased
     * with {@code _} as {@code -}; github, bitbucket, golang and deb namespaces and names lowercased;
     * rpm namespaces lowercased; maven needs a namespace. Characters a URI may not hold (space, controls, {@code "<>\^`{|}})
     * are refused, as packageurl-java refuses them.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static Purl parse(String text) {
        if (text == null || text.isEmpty()) {
            throw malformed("", "empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("package URL refused: longer than " + MAX_LENGTH + " characters");
        }
        checkCharacters(text);
        String rest = text;
        // subpath
        Optional<String> subpath = Optional.empty();
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            String raw = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
            List<String> segments = new ArrayList<>();
            for (String segment : raw.split("/")) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    continue;
                }
                String decoded = decode(text, segment);
                if (decoded.equals(".") || decoded.equals("..")) {
                    throw malformed(text, "subpath segment is '.' or '..'");
                }
                if (decoded.indexOf('/') >= 0) {
                    throw malformed(text, "subpath segment contains '/'");
                }
                segments.add(decoded);
            }
            if (!segments.isEmpty()) {
                subpath = Optional.of(String.join("/", segments));
            }
        }
        // qualifiers
        TreeMap<String, String> qualifiers = new TreeMap<>();
        int question = rest.lastIndexOf('?');
        if (question >= 0) {
            String raw = rest.substring(question + 1);
            rest = rest.substring(0, question);
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = decode(text, pair.substring(eq + 1));
                if (value.isEmpty()) {
                    continue;
                }
                String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                if (!validKey(key)) {
                    throw malformed(text, "qualifier key '" + quote(key) + "' is invalid");
                }
                if (qualifiers.put(key, value) != null) {
                    throw malformed(text, "qualifier '" + key + "' is repeated");
                }
            }
        }
        // scheme
        int colon = rest.indexOf(':');
        if (colon < 0 || !rest.substring(0, colon).equalsIgnoreCase("pkg")) {
            throw malformed(text, "scheme is not 'pkg:'");
        }
        rest = strip(rest.substring(colon + 1));
        // type
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw malformed(text, "no type and name");
        }
        String type = rest.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!validType(type)) {
            throw malformed(text, "type '" + quote(type) + "' is invalid");
        }
        rest = strip(rest.substring(slash + 1));
        // version
        Optional<String> version = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = Optional.of(decode(text, rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        // name
        slash = rest.lastIndexOf('/');
        String name = decode(text, rest.substring(slash + 1));
        if (name.isEmpty()) {
            throw malformed(text, "no name");
        }
        // namespace
        Optional<String> namespace = Optional.empty();
        if (slash > 0) {
            List<String> segments = new ArrayList<>();
            for (String segment : rest.substring(0, slash).split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                String decoded = decode(text, segment);
                if (decoded.indexOf('/') >= 0) {
                    throw malformed(text, "namespace segment contains '/'");
                }
                segments.add(decoded);
            }
            if (!segments.isEmpty()) {
                namespace = Optional.of(String.join("/", segments));
            }
        }
        if (type.equals("maven") && namespace.isEmpty()) {
            throw malformed(text, "a maven PURL needs a namespace");
        }
        switch (type) {
            case "pypi" -> name = name.toLowerCase(Locale.ROOT).replace('_', '-');
            case "github", "bitbucket", "golang", "deb" -> {
                name = name.toLowerCase(Locale.ROOT);
                namespace = namespace.map(ns -> ns.toLowerCase(Locale.ROOT));
            }
            case "rpm" -> namespace = namespace.map(ns -> ns.toLowerCase(Locale.ROOT));
            default -> {
            }
        }
        return new Purl(type, namespace, name, version, qualifiers, subpath);
    }

    /** {@link #parse}, or empty for anything it refuses. */
    public static Optional<Purl> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Leading and trailing slashes are not significant after the scheme and after the type. */
    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /** A letter, digit, {@code .}, {@code +} or {@code -}; not starting with a digit. */
    private static boolean validType(String type) {
        if (type.isEmpty() || (type.charAt(0) >= '0' && type.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A letter, digit, {@code .}, {@code -} or {@code _}; not starting with a digit. */
    private static boolean validKey(String key) {
        if (key.isEmpty() || (key.charAt(0) >= '0' && key.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The characters a URI may hold: unreserved, reserved, {@code %} with two hex digits, one {@code #},
     * and non-ASCII characters that are neither controls nor spaces.
     */
    private static void checkCharacters(String text) {
        boolean fragment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "-_.!~*'();/?:@&=+$,[]".indexOf(c) >= 0) {
                    continue;
                }
                if (c == '%') {
                    if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
                        throw malformed(text, "malformed escape at index " + i);
                    }
                    i += 2;
                    continue;
                }
                if (c == '#' && !fragment) {
                    fragment = true;
                    continue;
                }
                throw malformed(text, "illegal character at index " + i);
            } else if (Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw malformed(text, "illegal character at index " + i);
            }
        }
    }

    /** Percent-decodes as UTF-8; escapes that are not UTF-8 are refused. */
    private static String decode(String text, String s) {
        int percent = s.indexOf('%');
        if (percent < 0) {
            return s;
        }
        byte[] bytes = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                // checkCharacters saw two hex digits after every '%'
                bytes[n++] = (byte) ((Character.digit(s.charAt(i + 1), 16) << 4) | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                int cp = s.codePointAt(i);
                byte[] encoded = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(encoded, 0, bytes, n, encoded.length);
                n += encoded.length;
                i += Character.charCount(cp) - 1;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(text, "percent-escapes are not UTF-8");
        }
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed package URL '" + quote(text) + "': " + why);
    }

    /** At most 100 characters, controls and non-ASCII as {@code \\uXXXX}: the message stays one line. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(s.length(), 100);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }

    /** Percent-encodes everything but the unreserved characters {@code A-Z a-z 0-9 . - _ ~}. */
    public static String encode(String text) {
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
