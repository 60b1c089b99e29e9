package dev.cairn.vuln.scan;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to look a package up in OSV terms: the ecosystem base name ({@code Debian}, {@code Maven})
 * for {@link dev.cairn.vuln.AdvisoryDb#find}, and which {@code affected[].package.ecosystem} values
 * count for this image ({@code Debian:12} only for a Debian 12 image; {@code Maven} with any suffix
 * for a jar).
 *
 * @param release for OS packages the release part that must follow the base ({@code 12},
 *     {@code v3.19}); empty for language ecosystems, whose suffixes are ignored
 */
public record OsvTarget(String base, Optional<String> release) {
    public OsvTarget {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(release, "release");
    }

    /** The ecosystem string this target shows in reports: {@code Debian:12} or {@code npm}. */
    public String display() {
        return release.map(r -> base + ":" + r).orElse(base);
    }

    /** Whether an advisory's {@code affected[].package.ecosystem} value applies to this target. */
    public boolean accepts(String osvEcosystem) {
        String[] parts = osvEcosystem.split(":", -1);
        if (!parts[0].equals(base)) {
            return false;
        }
        if (release.isEmpty()) {
            return true;
        }
        String want = release.get();
        return switch (base) {
            // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:24.10
            case "Ubuntu" -> Arrays.stream(parts).skip(1).filter(p -> !p.equals("LTS") && !p.equals("Pro"))
                    .findFirst().map(want::equals).orElse(false);
            // Red Hat:enterprise_linux:9::appstream, Red Hat:rhel_eus:9.2::baseos
            case "Red Hat" -> parts.length > 2 && (parts[2].equals(want) || parts[2].startsWith(want + "."));
            default -> parts.length == 2 && parts[1].equals(want);
        };
    }

    /** The OSV base name of a language ecosystem; OS ecosystems need the image's release. */
    public static Optional<OsvTarget> of(Package pkg, Optional<OsRelease> os) {
        Ecosystem e = pkg.ecosystem();
        if (!e.operatingSystem()) {
            return Optional.of(new OsvTarget(switch (e) {
                case PYPI -> "PyPI";
                case NPM -> "npm";
                case MAVEN -> "Maven";
                case GOLANG -> "Go";
                case CARGO -> "crates.io";
                case NUGET -> "NuGet";
                case GEM -> "RubyGems";
                case COMPOSER -> "Packagist";
                default -> throw new IllegalStateException(e.name());
            }, Optional.empty()));
        }
        if (os.isEmpty()) {
            return Optional.empty();
        }
        String id = os.get().id().toLowerCase(Locale.ROOT);
        String v = os.get().versionId().trim();
        return switch (e) {
            case DEB -> switch (id) {
                // trivy writes the point release (debian 12.15); advisories are per major release
                case "debian" -> major(v).map(m -> new OsvTarget("Debian", Optional.of(m)));
                case "ubuntu" -> v.isEmpty() ? Optional.empty() : Optional.of(new OsvTarget("Ubuntu", Optional.of(v)));
                default -> Optional.empty();
            };
            case APK -> switch (id) {
                case "alpine" -> majorMinor(v).map(mm -> new OsvTarget("Alpine", Optional.of("v" + mm)));
                case "wolfi" -> Optional.of(new OsvTarget("Wolfi", Optional.empty()));
                case "chainguard" -> Optional.of(new OsvTarget("Chainguard", Optional.empty()));
                default -> Optional.empty();
            };
            case RPM -> {
                String base = switch (id) {
                    case "rhel" -> "Red Hat";
                    case "rocky" -> "Rocky Linux";
                    case "almalinux" -> "AlmaLinux";
                    default -> null;
                };
                yield base == null ? Optional.<OsvTarget>empty() : major(v).map(m -> new OsvTarget(base, Optional.of(m)));
            }
            default -> Optional.empty();
        };
    }

    /** The OSV package name: Maven {@code group:artifact}, Go and Composer {@code namespace/name}, npm {@code @scope/name}. */
    public static String packageName(Package pkg) {
        Optional<String> ns = pkg.namespace().filter(s -> !s.isEmpty());
        return switch (pkg.ecosystem()) {
            case MAVEN -> ns.map(g -> g + ":" + pkg.name()).orElse(pkg.name());
            case GOLANG, COMPOSER -> ns.map(n -> n + "/" + pkg.name()).orElse(pkg.name());
            case NPM -> ns.map(n -> (n.startsWith("@") ? n : "@" + n) + "/" + pkg.name()).orElse(pkg.name());
            default -> pkg.name();
        };
    }

    private static Optional<String> major(String v) {
        List<String> p = Arrays.asList(v.split("\\."));
        return p.isEmpty() || p.get(0).isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    private static Optional<String> majorMinor(String v) {
        String[] p = v.split("\\.");
        return p.length < 2 ? Optional.empty() : Optional.of(p[0] + "." + p[1]);
    }
}
