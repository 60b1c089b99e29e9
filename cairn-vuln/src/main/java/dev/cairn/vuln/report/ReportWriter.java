package dev.cairn.vuln.report;

import java.io.IOException;
import java.io.OutputStream;

/** Renders a scan in one format. Implementations are stateless and write UTF-8. */
public interface ReportWriter {
    /** The {@code --output} name: {@code table}, {@code json}, {@code sarif}, {@code cyclonedx}, {@code cosign-vuln}. */
    String id();

    void write(ScanReport report, OutputStream out) throws IOException;
}
