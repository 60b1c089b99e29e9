package dev.cairn.vuln.version;

import java.util.Optional;

/**
 * NuGet's order (NuGet.Versioning): SemVer 2.0 extended to a fourth, "revision" number, with
 * missing numbers read as zero ({@code 1.0 == 1.0.0 == 1.0.0.0}), leading zeros allowed
 * ({@code 1.01 == 1.1}), pre-release labels compared ignoring case ({@code 1.0.0-BETA ==
 * 1.0.0-beta}) and build metadata ignored.
 */
public final class NuGetVersionScheme implements VersionScheme {
    public static final NuGetVersionScheme INSTANCE = new NuGetVersionScheme();

    private static final SemVer.Grammar GRAMMAR = new SemVer.Grammar(false, 1, 4, true, false);

    private NuGetVersionScheme() {}

    @Override
    public String name() {
        return "nuget";
    }

    @Override
    public Optional<String> validate(String v) {
        Optional<String> common = Checks.common(v);
        return common.isPresent() ? common : SemVer.check(v, GRAMMAR);
    }

    @Override
    public int compare(String a, String b) {
        return SemVer.require(this, a, GRAMMAR).compareTo(SemVer.require(this, b, GRAMMAR), true);
    }
}
