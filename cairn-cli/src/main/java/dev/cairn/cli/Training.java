package dev.cairn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's class-data training run (see {@code ./cairn}), not a command: the quickstart, then an
 * advisory import and a scan of a small SBOM with one package per ecosystem, all in one JVM, so that
 * the one archive it leaves holds the classes of the signing path and of the scan path (SQLite, the
 * SBOM reader, the matcher and its version schemes, the reports).
 *
 * <p>{@code Training DIR}: works in DIR, which must exist; prints nothing; exit code 0 unless a step
 * failed. {@code Training DIR scan}: only the scans, against what {@code Training DIR} left in DIR: the
 * run the launcher trains the scans' ahead-of-time cache on (which should hold what a scan loads and
 * nothing else).
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        boolean scansOnly = args.length > 1 && args[1].equals("scan");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        int failed = 0;
        try {
            Path sbom = dir.resolve("sbom.cdx.json");
            String db = dir.resolve("vuln.db").toString();
            if (!scansOnly) {
                failed |= Main.run("quickstart", "--dir", dir.resolve("quickstart").toString());
                Path osv = Files.createDirectories(dir.resolve("osv"));
                for (String[] r : RECORDS) {
                    Files.writeString(osv.resolve(r[0] + ".json"), record(r[0], r[1], r[2], r[3], r[4]));
                }
                Files.writeString(sbom, sbom());
                failed |= Main.run("db", "import", "--db", db, osv.toString());
            }
            for (String format : new String[] {"json", "table"}) {
                // exit 1 is the gate failing, which it should: every package has a finding
                failed |= Main.run("scan", "--db", db, "--fail-on", "high", "-o", format,
                        "--output-file", dir.resolve("report." + format).toString(), sbom.toString()) & ~1;
            }
        } finally {
            System.setOut(out);
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** id, ecosystem, package, range type, fixed version. */
    private static final String[][] RECORDS = {
            {"TRAIN-NPM", "npm", "left-pad", "SEMVER", "1.3.0"},
            {"TRAIN-MAVEN", "Maven", "org.example:lib", "ECOSYSTEM", "2.17.1"},
            {"TRAIN-PYPI", "PyPI", "Jinja2", "ECOSYSTEM", "2.11.3"},
            {"TRAIN-GO", "Go", "golang.org/x/text", "SEMVER", "0.3.8"},
            {"TRAIN-DEB", "Debian:12", "openssl", "ECOSYSTEM", "3.0.13-1~deb12u1"},
    };

    private static String record(String id, String ecosystem, String name, String type, String fixed) {
        return """
                {"schema_version": "1.6.0", "id": "%s", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-%s"],
                 "summary": "training record", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
                               "ranges": [{"type": "%s", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
                """.formatted(id, Math.abs(id.hashCode() % 10000), ecosystem, name, type, fixed);
    }

    /** The SBOM below, with enough packages without advisories that it is read in slices on all cores. */
    private static String sbom() {
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            more.append(",\n  {\"type\": \"library\", \"name\": \"filler-").append(i).append("\", \"version\": \"1.0.").append(i)
                    .append("\", \"purl\": \"pkg:npm/filler-").append(i).append("@1.0.").append(i).append("\"}");
        }
        int end = SBOM.lastIndexOf(']');
        return SBOM.substring(0, end).stripTrailing() + more + "\n ]" + SBOM.substring(end + 1);
    }

    private static final String SBOM = """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
             "metadata": {"component": {"type": "container", "name": "training"}},
             "components": [
              {"type": "operating-system", "name": "debian", "version": "12.5"},
              {"type": "library", "bom-ref": "a", "name": "left-pad", "version": "1.1.0", "purl": "pkg:npm/left-pad@1.1.0"},
              {"type": "library", "bom-ref": "b", "name": "lib", "version": "2.14.0", "purl": "pkg:maven/org.example/lib@2.14.0"},
              {"type": "library", "bom-ref": "c", "name": "jinja2", "version": "2.10", "purl": "pkg:pypi/jinja2@2.10"},
              {"type": "library", "bom-ref": "d", "name": "golang.org/x/text", "version": "v0.3.7", "purl": "pkg:golang/golang.org/x/text@v0.3.7"},
              {"type": "library", "bom-ref": "e", "name": "libssl3", "version": "3.0.11-1~deb12u2",
               "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
               "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "openssl"},
                              {"name": "aquasecurity:trivy:SrcVersion", "value": "3.0.11-1~deb12u2"}]}
             ]}
            """;
}
