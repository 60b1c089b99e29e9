package dev.cairn.vuln.report;

import dev.cairn.vuln.scan.Finding;
import dev.cairn.vuln.scan.GateResult;
import dev.cairn.vuln.scan.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table for people: findings grouped by package (most severe package first), each package's
 * findings by severity; then suppressed findings with their reason; then one summary line.
 * Text from advisories is cleaned of control characters before it reaches a terminal.
 */
public final class TableReport implements ReportWriter {
    @Override
    public String id() {
        return "table";
    }

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        Map<String, List<Finding>> byPackage = new LinkedHashMap<>();
        for (Finding f : r.kept()) {
            byPackage.computeIfAbsent(f.pkg().purl() + "\u0000" + f.pkg().path(), k -> new ArrayList<>()).add(f);
        }
        List<List<Finding>> groups = new ArrayList<>(byPackage.values());
        groups.sort(Comparator.comparing((List<Finding> g) -> g.get(0).level()).reversed()
                .thenComparing(g -> g.get(0).pkg().name()));
        int idWidth = Math.max(8, r.kept().stream().mapToInt(f -> label(f).length()).max().orElse(0));
        for (List<Finding> g : groups) {
            Finding first = g.get(0);
            w.println(clean(first.pkg().name()) + " " + clean(first.pkg().version()) + "  (" + first.pkg().ecosystem().purlType()
                    + (first.pkg().path().isEmpty() ? "" : ", " + clean(first.pkg().path())) + ")");
            for (Finding f : g) {
                String fix = switch (f.fixState()) {
                    case FIXED -> "fixed in " + String.join(", ", f.fixedVersions());
                    case NOT_FIXED -> "no fix yet";
                    case UNKNOWN -> "undecidable";
                };
                String via = f.matchReason() instanceof dev.cairn.vuln.scan.MatchReason.ViaSourcePackage v
                        ? "  [via source " + clean(v.sourceName()) + " " + clean(v.sourceVersion()) + "]" : "";
                w.printf("  %-10s %-" + idWidth + "s  %-24s %s%s%n", f.level().label().toUpperCase(), label(f), clean(fix),
                        clean(shorten(f.summary(), 80)), via);
            }
            w.println();
        }
        if (!r.gate().suppressed().isEmpty()) {
            w.println("Suppressed:");
            for (GateResult.Suppressed s : r.gate().suppressed()) {
                Finding f = s.finding();
                w.printf("  %-10s %s  %s %s  %s%n", f.level().label().toUpperCase(), label(f), clean(f.pkg().name()),
                        clean(f.pkg().version()), clean(s.why().describe()));
            }
            w.println();
        }
        r.gate().warnings().forEach(x -> w.println("warning: " + clean(x)));
        w.println(summary(r));
        w.flush();
    }

    /** e.g. {@code 7 vulnerabilities in 3 packages: 2 critical, 4 high, 1 medium, 0 low, 0 unknown; 1 suppressed; gate FAILED (fail-on high: 6 findings)}. */
    static String summary(ScanReport r) {
        Map<Severity, Integer> c = r.counts();
        long packages = r.kept().stream().map(f -> f.pkg().purl() + "\u0000" + f.pkg().path()).distinct().count();
        String gate = r.gate().failOn().map(t -> r.gate().passed()
                ? "gate passed (fail-on " + t.label() + ")"
                : "gate FAILED (fail-on " + t.label() + ": " + r.gate().failing().size() + " finding"
                        + (r.gate().failing().size() == 1 ? "" : "s") + ")").orElse("no gate (report only)");
        return r.kept().size() + " vulnerabilit" + (r.kept().size() == 1 ? "y" : "ies") + " in " + packages + " package"
                + (packages == 1 ? "" : "s") + ": " + c.get(Severity.CRITICAL) + " critical, " + c.get(Severity.HIGH) + " high, "
                + c.get(Severity.MEDIUM) + " medium, " + (c.get(Severity.LOW) + c.get(Severity.NEGLIGIBLE)) + " low, "
                + c.get(Severity.UNKNOWN) + " unknown; " + r.gate().suppressed().size() + " suppressed; " + gate;
    }

    private static String label(Finding f) {
        return f.id() + f.cve().filter(c -> !c.equals(f.id())).map(c -> " (" + c + ")").orElse("");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
        return b.toString();
    }
}
