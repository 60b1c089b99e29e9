package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * RPM's order for {@code [epoch:]version[-release]}: the epoch as a number (missing is 0), then
 * {@code rpmvercmp} on version and on release. rpmvercmp splits on anything that is not a letter
 * or digit, compares numeric segments as numbers and alphabetic ones bytewise, a numeric segment
 * beats an alphabetic one, {@code ~} sorts before everything (even the end: {@code 1.0~rc1 < 1.0})
 * and {@code ^} after the end but before any further segment ({@code 1.0 < 1.0^git1 < 1.0.1}).
 * A missing release sorts before any release, which keeps the order total.
 */
public final class RpmVersionScheme implements VersionScheme {
    public static final RpmVersionScheme INSTANCE = new RpmVersionScheme();

    private RpmVersionScheme() {}

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        int colon = v.indexOf(':');
        if (colon >= 0 && !Checks.allDigits(v.substring(0, colon))) {
            return Optional.of("epoch '" + v.substring(0, colon) + "' is not a number");
        }
        EpochVersionRelease evr = EpochVersionRelease.split(v);
        if (evr.version().isEmpty()) {
            return Optional.of("version is empty");
        }
        if (evr.release() != null && evr.release().isEmpty()) {
            return Optional.of("release after '-' is empty");
        }
        for (String part : new String[] {evr.version(), evr.releaseOrEmpty()}) {
            for (char c : part.toCharArray()) {
                if (!Checks.isAlnum(c) && "._+~^".indexOf(c) < 0) {
                    return Optional.of("invalid character '" + c + "'");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public int compare(String a, String b) {
        Checks.require(this, a);
        Checks.require(this, b);
        EpochVersionRelease x = EpochVersionRelease.split(a);
        EpochVersionRelease y = EpochVersionRelease.split(b);
        int c = Checks.compareNumeric(x.epoch(), y.epoch());
        if (c != 0) {
            return c;
        }
        c = rpmvercmp(x.version(), y.version());
        if (c != 0) {
            return c;
        }
        return rpmvercmp(x.releaseOrEmpty(), y.releaseOrEmpty());
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !Checks.isAlnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !Checks.isAlnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            char ca = at(a, i);
            char cb = at(b, j);
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (i >= a.length()) {
                    return -1;
                }
                if (j >= b.length()) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= a.length() || j >= b.length()) {
                break;
            }
            boolean numeric = Checks.isDigit(ca);
            int si = i;
            int sj = j;
            if (numeric) {
                while (i < a.length() && Checks.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Checks.isDigit(b.charAt(j))) {
                    j++;
                }
            } else {
                while (i < a.length() && Checks.isLetter(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Checks.isLetter(b.charAt(j))) {
                    j++;
                }
            }
            if (sj == j) {
                // Segments of different kinds: a number is newer than letters.
                return numeric ? 1 : -1;
            }
            String sa = a.substring(si, i);
            String sb = b.substring(sj, j);
            int c = numeric ? Checks.compareNumeric(sa, sb) : Integer.signum(sa.compareTo(sb));
            if (c != 0) {
                return c;
            }
        }
        if (i >= a.length() && j >= b.length()) {
            return 0;
        }
        // Whichever string still has segments left is newer.
        return i >= a.length() ? -1 : 1;
    }
}
