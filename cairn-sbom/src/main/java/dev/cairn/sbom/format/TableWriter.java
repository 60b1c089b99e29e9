package dev.cairn.sbom.format;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Sbom;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A table for people, like syft's: {@code NAME VERSION TYPE}, sorted by type then name, and a
 * count line. Control characters in names are escaped so a hostile package cannot drive the terminal.
 */
public final class TableWriter implements SbomWriter {
    @Override
    public String id() {
        return "table";
    }

    /** The type column, in syft's words. */
    static String type(Ecosystem e) {
        return switch (e) {
            case DEB -> "deb";
            case APK -> "apk";
            case RPM -> "rpm";
            case PYPI -> "python";
            case NPM -> "npm";
            case MAVEN -> "java-archive";
            case GOLANG -> "go-module";
            case CARGO -> "rust-crate";
            case NUGET -> "dotnet";
            case GEM -> "gem";
            case COMPOSER -> "php-composer";
        };
    }

    private record Row(String name, String version, String type) {
    }

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        Objects.requireNonNull(sbom, "sbom");
        List<Row> rows = sbom.packages().stream()
                .map(p -> new Row(Text.escapeControls(displayName(p)), Text.escapeControls(p.version()), type(p.ecosystem())))
                .sorted(Comparator.comparing(Row::type).thenComparing(Row::name).thenComparing(Row::version))
                .toList();
        int nameWidth = "NAME".length();
        int versionWidth = "VERSION".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().codePointCount(0, r.name().length()));
            versionWidth = Math.max(versionWidth, r.version().codePointCount(0, r.version().length()));
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        line(w, "NAME", nameWidth, "VERSION", versionWidth, "TYPE");
        for (Row r : rows) {
            line(w, r.name(), nameWidth, r.version(), versionWidth, r.type());
        }
        int n = rows.size();
        w.write(n + (n == 1 ? " package" : " packages") + "\n");
        w.flush();
    }

    /** Maven and scoped npm packages read better with their group: {@code org.apache.commons:commons-text}, {@code @babel/core}. */
    private static String displayName(Package p) {
        if (p.namespace().isEmpty() || p.ecosystem().operatingSystem()) {
            return p.name();
        }
        return switch (p.ecosystem()) {
            case MAVEN -> p.namespace().get() + ":" + p.name();
            case NPM, COMPOSER, GOLANG -> p.namespace().get() + "/" + p.name();
            default -> p.name();
        };
    }

    private static void line(Writer w, String name, int nameWidth, String version, int versionWidth, String type) throws IOException {
        w.write(pad(name, nameWidth));
        w.write("  ");
        w.write(pad(version, versionWidth));
        w.write("  ");
        w.write(type);
        w.write('\n');
    }

    private static String pad(String s, int width) {
        int len = s.codePointCount(0, s.length());
        return len >= width ? s : s + " ".repeat(width - len);
    }
}
