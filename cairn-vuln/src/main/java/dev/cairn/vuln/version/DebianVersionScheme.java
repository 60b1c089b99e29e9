package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * dpkg's version order ({@code [epoch:]upstream[-revision]}), as deb-version(7) and dpkg's
 * {@code verrevcmp} define it: the epoch compares as a number; upstream and revision alternate
 * non-digit runs, compared character by character with {@code ~} before the end of the string,
 * the end before letters and letters before every other character, and digit runs compared as
 * numbers. A missing revision equals {@code 0}, so {@code 1.0 == 1.0-0}.
 */
public final class DebianVersionScheme implements VersionScheme {
    public static final DebianVersionScheme INSTANCE = new DebianVersionScheme();

    private DebianVersionScheme() {}

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        int colon = v.indexOf(':');
        if (colon >= 0) {
            String epoch = v.substring(0, colon);
            if (!Checks.allDigits(epoch)) {
                return Optional.of("epoch '" + epoch + "' is not a number");
            }
            if (Checks.compareNumeric(epoch, "2147483647") > 0) {
                return Optional.of("epoch is larger than dpkg allows");
            }
        }
        EpochVersionRelease p = EpochVersionRelease.split(v);
        if (p.version().isEmpty()) {
            return Optional.of("upstream version is empty");
        }
        if (!Checks.isDigit(p.version().charAt(0))) {
            return Optional.of("upstream version does not start with a digit");
        }
        for (char c : p.version().toCharArray()) {
            if (!Checks.isAlnum(c) && ".+~-:".indexOf(c) < 0) {
                return Optional.of("invalid character '" + c + "' in upstream version");
            }
        }
        if (p.release() != null) {
            if (p.release().isEmpty()) {
                return Optional.of("revision after '-' is empty");
            }
            for (char c : p.release().toCharArray()) {
                if (!Checks.isAlnum(c) && ".+~".indexOf(c) < 0) {
                    return Optional.of("invalid character '" + c + "' in revision");
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
        c = verrevcmp(x.version(), y.version());
        if (c != 0) {
            return c;
        }
        return verrevcmp(x.releaseOrEmpty(), y.releaseOrEmpty());
    }

    /** The weight dpkg gives a character in a non-digit run; {@code 0} stands for "end". */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (Checks.isDigit(c)) {
            return 0;
        }
        if (Checks.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !Checks.isDigit(a.charAt(i)))
                    || (j < b.length() && !Checks.isDigit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            int si = i;
            while (i < a.length() && Checks.isDigit(a.charAt(i))) {
                i++;
            }
            int sj = j;
            while (j < b.length() && Checks.isDigit(b.charAt(j))) {
                j++;
            }
            int c = Checks.compareNumeric(digitsOrZero(a, si, i), digitsOrZero(b, sj, j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String digitsOrZero(String s, int from, int to) {
        return from == to ? "0" : s.substring(from, to);
    }
}
