package dev.cairn.vuln.version;

import dev.cairn.model.CairnException;
import java.util.Optional;

/** Checks every scheme makes before its own grammar: present, bounded, printable. */
final class Checks {
    private Checks() {}

    static Optional<String> common(String v) {
        if (v == null || v.isEmpty()) {
            return Optional.of("empty version");
        }
        if (v.length() > VersionScheme.MAX_LENGTH) {
            return Optional.of("version longer than " + VersionScheme.MAX_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return Optional.of("version contains a space, control or non-ASCII character at " + i);
            }
        }
        return Optional.empty();
    }

    /** Throws when a scheme is asked to order a string it does not accept. */
    static void require(VersionScheme scheme, String v) {
        Optional<String> why = scheme.validate(v);
        if (why.isPresent()) {
            throw notA(scheme, v, why.get());
        }
    }

    /** The failure {@link #require} throws. */
    static CairnException notA(VersionScheme scheme, String v, String why) {
        return CairnException.invalid("not a " + scheme.name() + " version: '" + shorten(v) + "': " + why);
    }

    private static String shorten(String v) {
        if (v == null) {
            return "null";
        }
        return v.length() > 80 ? v.substring(0, 80) + "…" : v;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two runs of ASCII digits as numbers of any size: leading zeros ignored, then the
     * longer number is larger, then lexical order. No parsing, so no overflow on 30-digit
     * timestamps or build numbers.
     */
    static int compareNumeric(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return Integer.signum(x.compareTo(y));
    }

    static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
