package dev.cairn.policy.kyverno;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic versions ({@code 1.2.3[-pre][+build]}) for Kyverno's numeric operators on version strings. */
record SemVer(long major, long minor, long patch, String pre) implements Comparable<SemVer> {
    private static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    static Optional<SemVer> parse(String text) {
        Matcher m = VERSION.matcher(text);
        if (text.length() > 128 || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemVer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                m.group(4) == null ? "" : m.group(4)));
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Long.compare(major, o.major);
        c = c != 0 ? c : Long.compare(minor, o.minor);
        c = c != 0 ? c : Long.compare(patch, o.patch);
        if (c != 0) {
            return c;
        }
        if (pre.isEmpty() || o.pre.isEmpty()) {
            return pre.isEmpty() == o.pre.isEmpty() ? 0 : pre.isEmpty() ? 1 : -1; // a release is above its pre-releases
        }
        String[] a = pre.split("\\.");
        String[] b = o.pre.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean an = a[i].matches("\\d+");
            boolean bn = b[i].matches("\\d+");
            int d = an && bn ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
                    : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
