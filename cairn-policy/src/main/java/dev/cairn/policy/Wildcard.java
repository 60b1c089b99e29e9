package dev.cairn.policy;

/**
 * Kyverno's wildcard patterns: {@code *} matches any run of characters (slashes included) and
 * {@code ?} exactly one; everything else matches itself. Iterative with backtracking to the last
 * star, so a hostile pattern costs O(pattern × text), never exponential time.
 */
public final class Wildcard {
    private Wildcard() {
    }

    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Whether the text contains wildcard characters at all. */
    public static boolean isPattern(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }
}
