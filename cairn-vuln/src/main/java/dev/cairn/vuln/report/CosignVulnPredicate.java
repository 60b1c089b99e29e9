package dev.cairn.vuln.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The cosign vulnerability-scan predicate ({@value #PREDICATE_TYPE}), field for field as cosign's
 * {@code CosignVulnPredicate} declares it: {@code invocation{parameters,uri,event_id,builder.id}},
 * {@code scanner{uri,version,db{uri,version},result}}, {@code metadata{scanStartedOn,scanFinishedOn}}.
 * {@code result} is Cairn's JSON report. Use it with {@code cosign attest --type vuln} or Cairn's own attest.
 */
public final class CosignVulnPredicate implements ReportWriter {
    public static final String PREDICATE_TYPE = "https://cosign.sigstore.dev/attestation/vuln/v1";
    public static final String SCANNER_URI = "https://cairn.dev";

    @Override
    public String id() {
        return "cosign-vuln";
    }

    @Override
    public void write(ScanReport report, OutputStream out) throws IOException {
        JsonReport.writeLine(toJson(report), out);
    }

    public static ObjectNode toJson(ScanReport r) {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        ObjectNode invocation = root.putObject("invocation");
        invocation.putNull("parameters");
        invocation.put("uri", "");
        invocation.put("event_id", "");
        invocation.put("builder.id", "");
        ObjectNode scanner = root.putObject("scanner");
        scanner.put("uri", SCANNER_URI);
        scanner.put("version", r.scannerVersion());
        ObjectNode db = scanner.putObject("db");
        db.put("uri", r.dbUri());
        db.put("version", r.dbVersion());
        scanner.set("result", JsonReport.toJson(r));
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("scanStartedOn", JsonReport.rfc3339(r.startedOn()));
        metadata.put("scanFinishedOn", JsonReport.rfc3339(r.finishedOn()));
        return root;
    }
}
