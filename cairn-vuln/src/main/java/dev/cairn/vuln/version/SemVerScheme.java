package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * SemVer 2.0 order, for npm, crates.io and OSV {@code SEMVER} ranges. A leading {@code v} is
 * tolerated (npm does, and lockfiles carry it); build metadata is validated and then ignored.
 *
 * <p>{@link #LENIENT} serves Packagist: Composer versions are "SemVer-ish" ({@code v2.3},
 * {@code 1.0.0.0}, {@code 1.0.0-RC1}), so it accepts one to four numeric parts with leading zeros
 * and compares pre-release labels ignoring case. It is an approximation: Composer's own order
 * ({@code dev < alpha < beta < RC < stable < patch}) is not modelled, so {@code 1.0.0-patch1}
 * sorts as a pre-release, not after {@code 1.0.0}.
 */
public final class SemVerScheme implements VersionScheme {
    public static final SemVerScheme STRICT =
            new SemVerScheme("semver", new SemVer.Grammar(true, 3, 3, false, false));
    public static final SemVerScheme LENIENT =
            new SemVerScheme("semver-lenient", new SemVer.Grammar(true, 1, 4, true, true));

    private final String name;
    private final SemVer.Grammar grammar;

    private SemVerScheme(String name, SemVer.Grammar grammar) {
        this.name = name;
        this.grammar = grammar;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        return common.isPresent() ? common : SemVer.check(v, grammar);
    }

    @Override
    public int compare(String a, String b) {
        return SemVer.require(this, a, grammar).compareTo(SemVer.require(this, b, grammar), false);
    }
}
