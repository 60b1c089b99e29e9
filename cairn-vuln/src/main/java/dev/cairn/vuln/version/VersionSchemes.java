package dev.cairn.vuln.version;

import java.util.Optional;

/** Which {@link VersionScheme} orders the versions of an OSV ecosystem. */
public final class VersionSchemes {
    private VersionSchemes() {}

    /**
     * The scheme for an OSV {@code affected[].package.ecosystem} value, or empty when Cairn cannot
     * order that ecosystem's versions (a match then needs an exact {@code versions} entry).
     * Ecosystem names are matched exactly as the OSV schema spells them; a release suffix
     * ({@code Debian:12}, {@code Ubuntu:22.04:LTS}, {@code Alpine:v3.19},
     * {@code Red Hat:enterprise_linux:9::appstream}) does not change the scheme.
     */
    public static Optional<VersionScheme> forEcosystem(String osvEcosystem) {
        if (osvEcosystem == null) {
            return Optional.empty();
        }
        int colon = osvEcosystem.indexOf(':');
        String base = colon >= 0 ? osvEcosystem.substring(0, colon) : osvEcosystem;
        VersionScheme scheme = switch (base) {
            case "Debian", "Ubuntu" -> DebianVersionScheme.INSTANCE;
            case "Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE", "Mageia", "openEuler",
                    "Photon OS", "Azure Linux", "Mariner", "Oracle Linux", "CentOS", "Fedora" ->
                    RpmVersionScheme.INSTANCE;
            // Wolfi and Chainguard build with apk and use its version format.
            case "Alpine", "Wolfi", "Chainguard" -> ApkVersionScheme.INSTANCE;
            case "npm", "crates.io", "Hex", "Pub" -> SemVerScheme.STRICT;
            // Composer versions are SemVer-like but looser; see SemVerScheme.LENIENT for the limits.
            case "Packagist" -> SemVerScheme.LENIENT;
            case "Go" -> GoVersionScheme.INSTANCE;
            case "PyPI" -> Pep440VersionScheme.INSTANCE;
            case "Maven" -> MavenVersionScheme.INSTANCE;
            case "RubyGems" -> RubyGemsVersionScheme.INSTANCE;
            case "NuGet" -> NuGetVersionScheme.INSTANCE;
            default -> null;
        };
        return Optional.ofNullable(scheme);
    }
}
