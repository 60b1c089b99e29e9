package dev.cairn.vuln.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small OSV records for tests. */
final class Osv {
    private Osv() {
    }

    static String record(String id, String modified, String summary, String ecosystem, String name, String fixed) {
        return """
                {"schema_version": "1.6.0", "id": "%s", "modified": "%s", "summary": "%s",
                 "aliases": ["CVE-2099-%s"],
                 "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
                               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
                """.formatted(id, modified, summary, Math.abs(id.hashCode() % 10000), ecosystem, name, fixed);
    }

    static String record(String id, String modified, String summary) {
        return record(id, modified, summary, "npm", "left-pad", "1.3.0");
    }

    static Path write(Path dir, String file, String content) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    interface EntryWriter {
        void write(OutputStream out) throws IOException;
    }

    static ZipOutputStream zip(Path file) throws IOException {
        return new ZipOutputStream(Files.newOutputStream(file));
    }

    static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        entry(zip, name, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    static void entry(ZipOutputStream zip, String name, EntryWriter w) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        w.write(zip);
        zip.closeEntry();
    }
}
