package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * Alpine's apk-tools (2.x) version order. A version is read as a sequence of typed tokens: digit
 * groups separated by dots, one optional lower-case letter, any number of {@code _suffix[N]}
 * (pre-release {@code alpha < beta < pre < rc}, post-release {@code cvs < svn < git < hg < p}) and
 * an optional {@code -rN} package revision. Tokens compare by value while both sides have the same
 * token type; when the types differ, a pre-release suffix makes its side older and otherwise the
 * side with the "earlier" token type (in the order above) is newer, so
 * {@code 1.2.3_rc1 < 1.2.3 < 1.2.3-r1 < 1.2.3_p1 < 1.2.3a < 1.2.3.1}.
 *
 * <p>A digit group after a dot that starts with zeros counts as minus the number of zeros followed
 * by the rest as a separate group, so {@code 1.01 < 1.1} and {@code 1.00 < 1.0}: apk compares
 * such groups as decimal fractions.
 */
public final class ApkVersionScheme implements VersionScheme {
    public static final ApkVersionScheme INSTANCE = new ApkVersionScheme();

    private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
    private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

    private ApkVersionScheme() {}

    /** Token types; their declaration order is the order apk-tools gives them. */
    private enum Type {
        INVALID, DIGIT_OR_ZERO, DIGIT, LETTER, SUFFIX, SUFFIX_NO, REVISION_NO, END
    }

    /** Reads one version; {@link #next(Type)} returns the value of a token of the given type. */
    private static final class Reader {
        private final String s;
        private int pos;
        private Type type = Type.DIGIT;

        Reader(String s) {
            this.s = s;
        }

        long next() {
            if (pos >= s.length()) {
                type = Type.END;
                return 0;
            }
            long value = 0;
            boolean forcedDigit = false;
            switch (type) {
                case DIGIT_OR_ZERO:
                    if (s.charAt(pos) == '0') {
                        int zeros = 0;
                        while (pos < s.length() && s.charAt(pos) == '0') {
                            pos++;
                            zeros++;
                        }
                        value = -zeros;
                        forcedDigit = true;
                        break;
                    }
                    value = digits();
                    break;
                case DIGIT, SUFFIX_NO, REVISION_NO:
                    value = digits();
                    break;
                case LETTER:
                    value = s.charAt(pos++);
                    break;
                case SUFFIX:
                    value = suffix();
                    if (value == Long.MIN_VALUE) {
                        type = Type.INVALID;
                        return -1;
                    }
                    break;
                default:
                    type = Type.INVALID;
                    return -1;
            }
            if (pos >= s.length()) {
                type = Type.END;
            } else if (forcedDigit) {
                type = Type.DIGIT;
            } else {
                nextType();
            }
            return value;
        }

        private long digits() {
            long v = 0;
            int n = 0;
            while (pos < s.length() && Checks.isDigit(s.charAt(pos))) {
                // Validation bounds digit groups to 18 characters, so this cannot overflow.
                v = v * 10 + (s.charAt(pos++) - '0');
                n++;
            }
            return n > 18 ? Long.MAX_VALUE : v;
        }

        /** Pre-release suffixes are negative, post-release ones zero or positive. */
        private long suffix() {
            for (int i = 0; i < PRE_SUFFIXES.length; i++) {
                if (s.startsWith(PRE_SUFFIXES[i], pos)) {
                    pos += PRE_SUFFIXES[i].length();
                    return i - PRE_SUFFIXES.length;
                }
            }
            for (int i = 0; i < POST_SUFFIXES.length; i++) {
                if (s.startsWith(POST_SUFFIXES[i], pos)) {
                    pos += POST_SUFFIXES[i].length();
                    return i;
                }
            }
            return Long.MIN_VALUE;
        }

        private void nextType() {
            char c = s.charAt(pos);
            Type n = Type.INVALID;
            if ((type == Type.DIGIT || type == Type.DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
                n = Type.LETTER;
            } else if (type == Type.LETTER && Checks.isDigit(c)) {
                n = Type.DIGIT;
            } else if (type == Type.SUFFIX && Checks.isDigit(c)) {
                n = Type.SUFFIX_NO;
            } else {
                switch (c) {
                    case '.' -> n = Type.DIGIT_OR_ZERO;
                    case '_' -> n = Type.SUFFIX;
                    case '-' -> {
                        if (pos + 1 < s.length() && s.charAt(pos + 1) == 'r') {
                            n = Type.REVISION_NO;
                            pos++;
                        }
                    }
                    default -> { }
                }
                pos++;
            }
            // Tokens may only move forward through the type order, with three exceptions: a new
            // dot group after digits, another suffix after a suffix number, digits after a letter.
            if (n.ordinal() < type.ordinal()
                    && !(n == Type.DIGIT_OR_ZERO && type == Type.DIGIT)
                    && !(n == Type.SUFFIX && type == Type.SUFFIX_NO)
                    && !(n == Type.DIGIT && type == Type.LETTER)) {
                n = Type.INVALID;
            }
            type = n;
        }
    }

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        if (!Checks.isDigit(v.charAt(0))) {
            return Optional.of("does not start with a digit");
        }
        int run = 0;
        for (int i = 0; i < v.length(); i++) {
            run = Checks.isDigit(v.charAt(i)) ? run + 1 : 0;
            if (run > 18) {
                return Optional.of("a number has more than 18 digits");
            }
        }
        Reader r = new Reader(v);
        while (r.type != Type.END && r.type != Type.INVALID) {
            r.next();
        }
        return r.type == Type.END ? Optional.empty() : Optional.of("malformed near position " + r.pos);
    }

    @Override
    public int compare(String a, String b) {
        Checks.require(this, a);
        Checks.require(this, b);
        Reader x = new Reader(a);
        Reader y = new Reader(b);
        long av = 0;
        long bv = 0;
        while (x.type == y.type && x.type != Type.END && x.type != Type.INVALID && av == bv) {
            av = x.next();
            bv = y.next();
        }
        if (av != bv) {
            return av < bv ? -1 : 1;
        }
        if (x.type == y.type) {
            return 0;
        }
        // Equal so far and one side goes on: it is newer unless what follows is a pre-release.
        Type at = x.type;
        Type bt = y.type;
        if (at == Type.SUFFIX && x.next() < 0) {
            return -1;
        }
        if (bt == Type.SUFFIX && y.next() < 0) {
            return 1;
        }
        return Integer.signum(bt.ordinal() - at.ordinal());
    }
}
