package dev.cairn.vuln.report;

import dev.cairn.model.CairnException;
import java.util.List;

/** The report formats by {@code --output} name. */
public final class ReportFormats {
    private ReportFormats() {}

    public static List<ReportWriter> all() {
        return List.of(new TableReport(), new JsonReport(), new SarifReport(), new CycloneDxVulnReport(),
                new CosignVulnPredicate());
    }

    public static ReportWriter byId(String id) {
        return all().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow(() -> CairnException.invalid(
                "unknown report format '" + id + "'; choose one of " + String.join(", ", all().stream().map(ReportWriter::id).toList())));
    }
}
