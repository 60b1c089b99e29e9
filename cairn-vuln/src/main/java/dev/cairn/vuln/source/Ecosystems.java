package dev.cairn.vuln.source;

import dev.cairn.sbom.PackageNames;
import java.util.Set;

/** OSV ecosystem names: which are known, their base name, and how package names compare in each. */
public final class Ecosystems {
    private Ecosystems() {
    }

    /** Base names from the OSV schema's ecosystem list (the part before any {@code :release}). */
    static final Set<String> KNOWN = Set.of(
            "AlmaLinux", "Alpine", "Alpaquita", "Android", "Azure Linux", "BellSoft Hardened Containers",
            "Bioconductor", "Bitnami", "Chainguard", "CentOS", "ConanCenter", "CRAN", "crates.io", "Debian",
            "Echo", "Fedora", "GHC", "GIT", "GitHub Actions", "Go", "Hackage", "Hex", "Julia", "Kubernetes",
            "Linux", "Mageia", "Mariner", "Maven", "MinimOS", "npm", "NuGet", "openEuler", "openSUSE",
            "Oracle Linux", "OSS-Fuzz", "Packagist", "Photon OS", "Pub", "PyPI", "Red Hat", "Rocky Linux",
            "RubyGems", "SUSE", "SwiftURL", "Ubuntu", "VSCode", "Wolfi");

    /** {@code Debian:12} → {@code Debian}; {@code npm} → {@code npm}. */
    public static String base(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return colon >= 0 ? ecosystem.substring(0, colon) : ecosystem;
    }

    public static boolean isKnown(String ecosystem) {
        return KNOWN.contains(base(ecosystem));
    }

    /**
     * The name as the index stores it: PyPI names normalised per PEP 503 (lower case, runs of
     * {@code -_.} as one {@code -}); every other ecosystem compares names exactly (Maven
     * {@code group:artifact}, npm, Go module paths, distro source packages).
     */
    public static String normaliseName(String ecosystemBase, String name) {
        if (ecosystemBase.equals("PyPI")) {
            return PackageNames.pep503(name);
        }
        return name;
    }
}
