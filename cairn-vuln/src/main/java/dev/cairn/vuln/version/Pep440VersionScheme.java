package dev.cairn.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 (Python packaging) order. Versions are normalised first, as pip does: case is ignored,
 * {@code alpha/beta/c/pre/preview} mean {@code a/b/rc/rc/rc}, separators {@code . - _} around
 * pre, post and dev parts are optional, {@code 1.0-1} is {@code 1.0.post1}, a missing number is 0.
 * The order is epoch, release (trailing zeros ignored, so {@code 1.0 == 1.0.0}), then
 * {@code dev < a < b < rc < final < post}, with a dev release sorting before the pre or post
 * release it belongs to ({@code 1.0.dev0 < 1.0a1.dev0 < 1.0a1 < 1.0 < 1.0.post1.dev0 <
 * 1.0.post1}), and a local version after the same public version ({@code 1.0 < 1.0+ubuntu1}).
 */
public final class Pep440VersionScheme implements VersionScheme {
    public static final Pep440VersionScheme INSTANCE = new Pep440VersionScheme();

    // The grammar of PEP 440's appendix ("parsing version strings with regular expressions").
    private static final Pattern VERSION = Pattern.compile(
            "v?"
                    + "(?:(?<epoch>[0-9]+)!)?"
                    + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    // Group numbers, looked up once: Matcher.group(String) copies the pattern's name map on every call.
    private static final int EPOCH = group("epoch"), RELEASE = group("release"), PRE = group("pre"), PRE_L = group("preL"),
            PRE_N = group("preN"), POST = group("post"), POST_N1 = group("postN1"), POST_N2 = group("postN2"),
            DEV = group("dev"), DEV_N = group("devN"), LOCAL = group("local");

    /** Versions parsed once, not on every comparison; {@code null} results (no match) are not kept. */
    private final ParseCache<Pep440> cache = new ParseCache<>(Pep440VersionScheme::match);

    private Pep440VersionScheme() {}

    private static int group(String name) {
        return VERSION.namedGroups().get(name);
    }

    /** A normalised version; {@code null} marks an absent part. */
    private record Pep440(
            String epoch, List<String> release, String preL, String preN, String post, String dev,
            List<String> local) {}

    @Override
    public String name() {
        return "pep440";
    }

    @Override
    public Optional<String> validate(String v) {
        if (cache.contains(v)) {
            return Optional.empty();
        }
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        return cache.get(v) != null ? Optional.empty() : Optional.of("not a PEP 440 version");
    }

    @Override
    public int compare(String a, String b) {
        Pep440 x = parse(a);
        Pep440 y = parse(b);
        int c = Checks.compareNumeric(x.epoch(), y.epoch());
        if (c != 0) {
            return c;
        }
        c = compareRelease(x.release(), y.release());
        if (c != 0) {
            return c;
        }
        int rank = preRank(x);
        c = Integer.compare(rank, preRank(y));
        if (c == 0 && rank == 1) {
            c = Integer.signum(x.preL().compareTo(y.preL())); // "a" < "b" < "rc"
            if (c == 0) {
                c = Checks.compareNumeric(x.preN(), y.preN());
            }
        }
        if (c != 0) {
            return c;
        }
        c = optional(x.post(), y.post(), -1);
        if (c != 0) {
            return c;
        }
        c = optional(x.dev(), y.dev(), 1);
        if (c != 0) {
            return c;
        }
        return compareLocal(x.local(), y.local());
    }

    /**
     * Where the pre-release part puts a version: 0 for a dev release of the final version
     * ({@code 1.0.dev0}, before every pre-release), 1 for a pre-release, 2 for none.
     */
    private static int preRank(Pep440 v) {
        if (v.preL() == null && v.post() == null && v.dev() != null) {
            return 0;
        }
        return v.preL() == null ? 2 : 1;
    }

    /** Compares optional numbers; {@code absentSign} says whether absence sorts low or high. */
    private static int optional(String a, String b, int absentSign) {
        if (a == null || b == null) {
            if (a == null && b == null) {
                return 0;
            }
            return a == null ? absentSign : -absentSign;
        }
        return Checks.compareNumeric(a, b);
    }

    private static int compareRelease(List<String> a, List<String> b) {
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = Checks.compareNumeric(i < a.size() ? a.get(i) : "0", i < b.size() ? b.get(i) : "0");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // Local segments: numbers compare as numbers and after words; words compare as strings.
    private static int compareLocal(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? -1 : 1);
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xn = Checks.allDigits(x);
            boolean yn = Checks.allDigits(y);
            int c;
            if (xn && yn) {
                c = Checks.compareNumeric(x, y);
            } else if (xn || yn) {
                c = xn ? 1 : -1;
            } else {
                c = Integer.signum(x.compareTo(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Checks and parses in one match: {@link #compare} is called a lot while a scan sorts range events. */
    private Pep440 parse(String v) {
        Pep440 cached = cache.get(v);
        if (cached != null) {
            return cached;
        }
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            throw Checks.notA(this, v, common.get());
        }
        throw Checks.notA(this, v, "not a PEP 440 version");
    }

    /**
     * The normalised version, or {@code null} when {@code v} does not match the grammar. Only called
     * through the cache; a string that fails {@link Checks#common} is refused before it is cached.
     */
    private static Pep440 match(String v) {
        if (Checks.common(v).isPresent()) {
            return null;
        }
        Matcher m = VERSION.matcher(v);
        if (!m.matches()) {
            return null;
        }
        String epoch = m.group(EPOCH) == null ? "0" : m.group(EPOCH);
        List<String> release = List.of(m.group(RELEASE).split("\\."));
        String preL = null;
        String preN = null;
        if (m.group(PRE) != null) {
            preL = switch (m.group(PRE_L).toLowerCase(Locale.ROOT)) {
                case "alpha", "a" -> "a";
                case "beta", "b" -> "b";
                default -> "rc";
            };
            preN = m.group(PRE_N) == null ? "0" : m.group(PRE_N);
        }
        String post = null;
        if (m.group(POST) != null) {
            post = m.group(POST_N1) != null ? m.group(POST_N1)
                    : m.group(POST_N2) != null ? m.group(POST_N2) : "0";
        }
        String dev = m.group(DEV) == null ? null : (m.group(DEV_N) == null ? "0" : m.group(DEV_N));
        List<String> local = null;
        if (m.group(LOCAL) != null) {
            local = new ArrayList<>();
            for (String s : m.group(LOCAL).toLowerCase(Locale.ROOT).split("[-_.]")) {
                local.add(s);
            }
            local = List.copyOf(local);
        }
        return new Pep440(epoch, release, preL, preN, post, dev, local);
    }
}
