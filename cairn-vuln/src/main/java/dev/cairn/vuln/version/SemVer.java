package dev.cairn.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed SemVer-shaped version: numeric release parts, dot-separated pre-release identifiers,
 * build metadata (kept only for validation, never for order). Shared by the SemVer, Go and NuGet
 * schemes, which differ in what they accept, not in how they order.
 */
record SemVer(List<String> release, List<String> pre) {

    /** What a scheme accepts; the ordering rules are the same for all. */
    record Grammar(
            boolean vPrefix, int minParts, int maxParts, boolean leadingZeros, boolean lowerCaseLabels) {}

    static Optional<String> check(String v, Grammar g) {
        Object r = parse(v, g);
        return r instanceof String why ? Optional.of(why) : Optional.empty();
    }

    /**
     * {@code v} parsed, or the failure {@link Checks#require} throws for it: what {@code require} and then
     * parsing did, in one parse (comparisons are the hot path of a scan).
     */
    static SemVer require(VersionScheme scheme, String v, Grammar g) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            throw Checks.notA(scheme, v, common.get());
        }
        Object r = parse(v, g);
        if (r instanceof String why) {
            throw Checks.notA(scheme, v, why);
        }
        return (SemVer) r;
    }

    /** Either a {@link SemVer} or the reason the text is not one. */
    private static Object parse(String v, Grammar g) {
        String s = v;
        if (g.vPrefix() && (s.startsWith("v") || s.startsWith("V"))) {
            s = s.substring(1);
        }
        int plus = s.indexOf('+');
        if (plus >= 0) {
            String build = s.substring(plus + 1);
            Optional<String> bad = identifiers(build, "build metadata", false);
            if (bad.isPresent()) {
                return bad.get();
            }
            s = s.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = s.indexOf('-');
        if (dash >= 0) {
            String p = s.substring(dash + 1);
            Optional<String> bad = identifiers(p, "pre-release", !g.leadingZeros());
            if (bad.isPresent()) {
                return bad.get();
            }
            pre = List.of((g.lowerCaseLabels() ? p.toLowerCase(Locale.ROOT) : p).split("\\.", -1));
            s = s.substring(0, dash);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length < g.minParts() || parts.length > g.maxParts()) {
            return g.minParts() == g.maxParts()
                    ? "expected " + g.minParts() + " numeric parts separated by dots"
                    : "expected " + g.minParts() + " to " + g.maxParts() + " numeric parts separated by dots";
        }
        List<String> release = new ArrayList<>();
        for (String part : parts) {
            if (!Checks.allDigits(part)) {
                return "'" + part + "' is not a number";
            }
            if (!g.leadingZeros() && part.length() > 1 && part.charAt(0) == '0') {
                return "number '" + part + "' has a leading zero";
            }
            release.add(Checks.stripZeros(part));
        }
        return new SemVer(List.copyOf(release), pre);
    }

    private static Optional<String> identifiers(String s, String what, boolean rejectLeadingZeros) {
        if (s.isEmpty()) {
            return Optional.of(what + " is empty");
        }
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty()) {
                return Optional.of(what + " has an empty identifier");
            }
            for (char c : id.toCharArray()) {
                if (!Checks.isAlnum(c) && c != '-') {
                    return Optional.of(what + " contains '" + c + "'");
                }
            }
            if (rejectLeadingZeros && id.length() > 1 && id.charAt(0) == '0' && Checks.allDigits(id)) {
                return Optional.of(what + " number '" + id + "' has a leading zero");
            }
        }
        return Optional.empty();
    }

    /**
     * SemVer 2.0 precedence (section 11): release parts numerically (missing parts are zero), then
     * a version with a pre-release before the same version without; pre-release identifiers one by
     * one, numbers numerically and before alphanumerics, alphanumerics in ASCII order (or ignoring
     * case), a shorter list before a longer one that it starts.
     */
    int compareTo(SemVer o, boolean ignoreCase) {
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            String a = i < release.size() ? release.get(i) : "0";
            String b = i < o.release.size() ? o.release.get(i) : "0";
            int c = Checks.compareNumeric(a, b);
            if (c != 0) {
                return c;
            }
        }
        if (pre.isEmpty() || o.pre.isEmpty()) {
            return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
        }
        for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
            String a = pre.get(i);
            String b = o.pre.get(i);
            boolean an = Checks.allDigits(a);
            boolean bn = Checks.allDigits(b);
            int c;
            if (an && bn) {
                c = Checks.compareNumeric(a, b);
            } else if (an || bn) {
                c = an ? -1 : 1;
            } else {
                c = Integer.signum(ignoreCase ? a.compareToIgnoreCase(b) : a.compareTo(b));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pre.size(), o.pre.size());
    }
}
