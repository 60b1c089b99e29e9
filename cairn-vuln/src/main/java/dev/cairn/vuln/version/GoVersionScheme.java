package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * Go module versions (golang.org/x/mod/semver). Go writes versions with a {@code v} prefix; the Go
 * vulnerability database writes its OSV ranges without it, so both forms are accepted. As in
 * x/mod, {@code v1} and {@code v1.2} are shorthands for {@code v1.0.0} and {@code v1.2.0} (only
 * with the {@code v} and without a pre-release). Pseudo-versions
 * ({@code v1.2.4-0.20191109021931-daa7c04131f5}, {@code v0.0.0-20191109021931-daa7c04131f5},
 * {@code v1.2.3-pre.0.20191109021931-daa7c04131f5}) are ordinary SemVer pre-releases, and their
 * timestamp identifiers order them between the tagged versions they were cut from and towards;
 * {@code +incompatible} is build metadata and does not take part in the order.
 */
public final class GoVersionScheme implements VersionScheme {
    public static final GoVersionScheme INSTANCE = new GoVersionScheme();

    private static final SemVer.Grammar FULL = new SemVer.Grammar(true, 3, 3, false, false);
    private static final SemVer.Grammar SHORT = new SemVer.Grammar(true, 1, 3, false, false);

    private GoVersionScheme() {}

    @Override
    public String name() {
        return "go";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        if (common.isPresent()) {
            return common;
        }
        return SemVer.check(v, grammarFor(v));
    }

    private static SemVer.Grammar grammarFor(String v) {
        boolean shorthand = v.startsWith("v") && v.indexOf('-') < 0 && v.indexOf('+') < 0;
        return shorthand ? SHORT : FULL;
    }

    @Override
    public int compare(String a, String b) {
        return SemVer.require(this, a, grammarFor(a)).compareTo(SemVer.require(this, b, grammarFor(b)), false);
    }
}
