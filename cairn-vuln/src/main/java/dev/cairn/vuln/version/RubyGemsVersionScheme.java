package dev.cairn.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RubyGems' {@code Gem::Version} order. A {@code -} means {@code .pre.}; the version is read as
 * segments of digits (numbers) and of letters (strings); a version with any letter is a
 * pre-release. Trailing zeros are dropped from the release part and from the pre-release part, so
 * {@code 1.0 == 1} and {@code 1.0.a == 1.a}. Segments compare pairwise with missing ones read as
 * 0; a string sorts before a number, so {@code 1.0.a < 1.0 < 1.0.1}.
 */
public final class RubyGemsVersionScheme implements VersionScheme {
    public static final RubyGemsVersionScheme INSTANCE = new RubyGemsVersionScheme();

    private static final Pattern VERSION =
            Pattern.compile("[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

    private RubyGemsVersionScheme() {}

    @Override
    public String name() {
        return "rubygems";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        return VERSION.matcher(v).matches() ? Optional.empty() : Optional.of("malformed version number string");
    }

    @Override
    public int compare(String a, String b) {
        Checks.require(this, a);
        Checks.require(this, b);
        List<String> x = canonical(a);
        List<String> y = canonical(b);
        int n = Math.max(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            String l = i < x.size() ? x.get(i) : "0";
            String r = i < y.size() ? y.get(i) : "0";
            boolean ln = Checks.isDigit(l.charAt(0));
            boolean rn = Checks.isDigit(r.charAt(0));
            int c;
            if (ln && rn) {
                c = Checks.compareNumeric(l, r);
            } else if (ln || rn) {
                c = ln ? 1 : -1;
            } else {
                c = Integer.signum(l.compareTo(r));
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The segments with trailing zeros cut from the release part and from the pre-release part. */
    private static List<String> canonical(String v) {
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(v.replace("-", ".pre."));
        while (m.find()) {
            segments.add(m.group());
        }
        int firstWord = 0;
        while (firstWord < segments.size() && Checks.isDigit(segments.get(firstWord).charAt(0))) {
            firstWord++;
        }
        List<String> out = new ArrayList<>(dropTrailingZeros(segments.subList(0, firstWord)));
        out.addAll(dropTrailingZeros(segments.subList(firstWord, segments.size())));
        return out;
    }

    private static List<String> dropTrailingZeros(List<String> segments) {
        int end = segments.size();
        while (end > 0 && Checks.allDigits(segments.get(end - 1))
                && Checks.stripZeros(segments.get(end - 1)).equals("0")) {
            end--;
        }
        return segments.subList(0, end);
    }
}
