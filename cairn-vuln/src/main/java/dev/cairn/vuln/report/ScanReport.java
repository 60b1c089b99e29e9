package dev.cairn.vuln.report;

import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.DbStatus;
import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.GateResult;
import dev.cairn.vuln.scan.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report shows about one scan: what was scanned, with which database, what the gate
 * kept and suppressed, and when.
 *
 * @param dbUri where the database came from (a file path or URL), for the cosign predicate
 */
public record ScanReport(String scannerVersion, Sbom.Subject subject, Optional<OsRelease> os, DbStatus db, String dbUri,
                         GateResult gate, Instant startedOn, Instant finishedOn) {
    public ScanReport {
        Objects.requireNonNull(scannerVersion, "scannerVersion");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(dbUri, "dbUri");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(startedOn, "startedOn");
        Objects.requireNonNull(finishedOn, "finishedOn");
    }

    /** Most severe first, then by package name, version and id: the order every report lists findings in. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::level).reversed()
            .thenComparing(f -> f.pkg().name())
            .thenComparing(f -> f.pkg().version())
            .thenComparing(Finding::id);

    public List<Finding> kept() {
        return gate.kept().stream().sorted(ORDER).toList();
    }

    /** Kept findings per severity, every severity present (zero when none). */
    public Map<Severity, Integer> counts() {
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            m.put(s, 0);
        }
        gate.kept().forEach(f -> m.merge(f.level(), 1, Integer::sum));
        return m;
    }

    /** The database version as reports show it: schema version and build time. */
    public String dbVersion() {
        return "v" + db.schemaVersion() + "+" + db.built();
    }
}
