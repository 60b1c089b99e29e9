package dev.cairn.vuln.scan;

import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.AdvisoryDb;
import dev.cairn.vuln.report.ScanReport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/** One scan: match an SBOM against the database and put the findings through the gate. */
public final class Scanner {
    private final AdvisoryDb db;
    private final String dbUri;
    private final String scannerVersion;
    private final Clock clock;

    public Scanner(AdvisoryDb db, String dbUri, String scannerVersion, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.dbUri = Objects.requireNonNull(dbUri, "dbUri");
        this.scannerVersion = Objects.requireNonNull(scannerVersion, "scannerVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ScanReport scan(Sbom sbom, Gate gate) {
        Instant started = clock.instant();
        List<Finding> findings = new Matcher(db).match(sbom);
        GateResult result = gate.evaluate(findings, started.atZone(ZoneOffset.UTC).toLocalDate());
        return new ScanReport(scannerVersion, sbom.subject(), sbom.os(), db.status(), dbUri, result, started, clock.instant());
    }
}
