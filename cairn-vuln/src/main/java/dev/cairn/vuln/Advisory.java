package dev.cairn.vuln;

import dev.cairn.vuln.osv.AffectedEntry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One advisory as Cairn stores it, whatever its source (OSV, Debian security tracker, Alpine secdb):
 * an id with aliases, a severity, and the packages it affects with their ranges.
 *
 * @param source where it came from, e.g. {@code osv}, {@code debian}, {@code alpine}
 */
public record Advisory(String id, List<String> aliases, String summary, List<Severity> severities,
                       List<Affected> affected, Optional<Instant> modified, String source) {
    public Advisory {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(summary, "summary");
        severities = List.copyOf(severities);
        affected = List.copyOf(affected);
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(source, "source");
    }

    /** What a finding shows of this advisory: all of it but the packages it affects. */
    public Header header() {
        return new Header(id, aliases, summary, severities);
    }

    /**
     * What a finding shows of an advisory. A scan decides matches from the package index and then
     * reads only this much of each matching advisory, not its {@code affected[]} entries.
     */
    public record Header(String id, List<String> aliases, String summary, List<Severity> severities) {
        public Header {
            Objects.requireNonNull(id, "id");
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(summary, "summary");
            severities = List.copyOf(severities);
        }
    }

    /**
     * A package an advisory affects. {@code ecosystem} is OSV's name ({@code npm}, {@code Maven},
     * {@code PyPI}, {@code Debian:12}, {@code Alpine:v3.19} ...); for distro advisories
     * {@code name} is the SOURCE package, which is how distros publish fixes.
     */
    public record Affected(String ecosystem, String name, AffectedEntry ranges) {
        public Affected {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ranges, "ranges");
        }
    }

    /** A severity as published: a CVSS vector ({@code CVSS_V3}, {@code CVSS_V4}) or a source's own rating. */
    public record Severity(String type, String score) {
        public Severity {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(score, "score");
        }
    }
}
