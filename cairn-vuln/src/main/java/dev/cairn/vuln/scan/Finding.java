package dev.cairn.vuln.scan;

import dev.cairn.sbom.Ecosystem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One vulnerability in one package. Advisories that name the same vulnerability (linked by id or
 * alias: a GHSA and a DSA for one CVE) make one finding.
 *
 * @param id the primary advisory id (for OS packages the distro's advisory when there is one)
 * @param aliases every other id of the vulnerability: merged advisories' ids and their aliases, CVEs first
 * @param installedVersion the version that was evaluated (the source version for OS packages, with its epoch)
 * @param fixedVersions the first fixed version above {@code installedVersion}, per merged advisory, ascending
 * @param advisoryEcosystem the OSV ecosystem the advisory was matched in, e.g. {@code Debian:12}, {@code Maven}
 * @param undecidable why the range could not be evaluated, when {@code fixState} is {@code UNKNOWN}
 */
public record Finding(String id, List<String> aliases, FindingPackage pkg, String installedVersion,
                      List<String> fixedVersions, SeverityRating severity, FixState fixState, MatchReason matchReason,
                      String summary, String advisoryEcosystem, Optional<String> undecidable) {
    public Finding {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(installedVersion, "installedVersion");
        fixedVersions = List.copyOf(fixedVersions);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(fixState, "fixState");
        Objects.requireNonNull(matchReason, "matchReason");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(advisoryEcosystem, "advisoryEcosystem");
        Objects.requireNonNull(undecidable, "undecidable");
    }

    /** The package a finding is about, as reports show it. {@code path} is the file it was read from. */
    public record FindingPackage(String name, String version, Ecosystem ecosystem, String purl, String path,
                                 Optional<String> layer) {
        public FindingPackage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(purl, "purl");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(layer, "layer");
        }
    }

    /** The id and all aliases. */
    public List<String> allIds() {
        return Stream.concat(Stream.of(id), aliases.stream()).toList();
    }

    /** The first CVE id among the id and aliases, if any. */
    public Optional<String> cve() {
        return allIds().stream().filter(s -> s.startsWith("CVE-")).findFirst();
    }

    /** Whether {@code vulnerabilityId} is this finding's id or one of its aliases (case-insensitive). */
    public boolean hasId(String vulnerabilityId) {
        return allIds().stream().anyMatch(s -> s.equalsIgnoreCase(vulnerabilityId.trim()));
    }

    public Severity level() {
        return severity.severity();
    }
}
