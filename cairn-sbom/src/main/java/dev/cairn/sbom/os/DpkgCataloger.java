package dev.cairn.sbom.os;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian packages from {@code var/lib/dpkg/status} and from distroless images'
 * {@code var/lib/dpkg/status.d/<name>} (one control paragraph per file, no {@code Status} field).
 * Licenses come from the DEP-5 {@code License:} lines of {@code usr/share/doc/<package>/copyright}
 * where that file is machine-readable; packages are emitted in {@link #finish} once both are seen.
 *
 * <p>Versions follow trivy and the PURL spec for deb: the epoch is not part of the version but the
 * {@code epoch} qualifier ({@code 1:2.38.1-5} → version {@code 2.38.1-5}, {@code epoch=1}). The
 * source version keeps the epoch, as dpkg and Debian's security tracker write it.
 */
public final class DpkgCataloger implements Cataloger {
    static final String STATUS = "var/lib/dpkg/status";
    static final String STATUS_D = "var/lib/dpkg/status.d/";
    static final String DOC = "usr/share/doc/";
    static final String COPYRIGHT = "/copyright";
    private static final Set<String> FIELDS = Set.of("Package", "Status", "Version", "Architecture", "Source", "Depends", "Pre-Depends");
    private static final Pattern EPOCH = Pattern.compile("(\\d+):(.+)");
    private static final Pattern SOURCE = Pattern.compile("(\\S+)(?:\\s*\\((.+)\\))?");
    private static final int MAX_LICENSES = 50;

    private final List<Package> found = new ArrayList<>();
    private final Map<String, List<String>> licenses = new HashMap<>();

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public boolean wants(String path) {
        if (path.startsWith(DOC)) {
            return path.endsWith(COPYRIGHT) && path.indexOf('/', DOC.length()) == path.length() - COPYRIGHT.length();
        }
        return path.equals(STATUS) || path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
                && !path.endsWith(".md5sums") && path.length() > STATUS_D.length();
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        if (file.path().startsWith(DOC)) {
            readCopyright(file, out);
            return;
        }
        boolean distroless = file.path().startsWith(STATUS_D);
        ControlParagraphs parser = new ControlParagraphs(FIELDS);
        int[] skipped = {0};
        parser.read(file.content(), fields -> {
            Optional<Package> pkg = toPackage(fields, distroless, file);
            if (pkg.isPresent()) {
                found.add(pkg.get());
            } else if (fields.containsKey("Package") && installed(fields, distroless)) {
                skipped[0]++;
            }
        });
        if (parser.problem().isPresent()) {
            out.warn(file.path(), parser.problem().get());
        } else if (parser.malformed() > 0 || skipped[0] > 0) {
            out.warn(file.path(), parser.malformed() + " malformed lines, " + skipped[0] + " installed packages without a usable name or version");
        }
    }

    private static boolean installed(Map<String, String> fields, boolean distroless) {
        String status = fields.get("Status");
        if (status == null) {
            return distroless; // status.d paragraphs are installed by construction; status entries always have one
        }
        // want flag status: "install ok installed"; "hold ok installed" is installed too (held back from upgrades)
        String[] words = status.trim().split("\\s+");
        return words.length == 3 && (words[0].equals("install") || words[0].equals("hold")) && words[1].equals("ok") && words[2].equals("installed");
    }

    private static Optional<Package> toPackage(Map<String, String> fields, boolean distroless, FileEntry file) {
        String name = fields.getOrDefault("Package", "");
        String fullVersion = fields.getOrDefault("Version", "");
        if (name.isEmpty() || fullVersion.isEmpty() || !installed(fields, distroless) || name.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        Map<String, String> qualifiers = new HashMap<>();
        String arch = fields.getOrDefault("Architecture", "");
        if (!arch.isEmpty()) {
            qualifiers.put("arch", arch);
        }
        String version = fullVersion;
        Matcher epoch = EPOCH.matcher(fullVersion);
        if (epoch.matches()) {
            qualifiers.put("epoch", epoch.group(1));
            version = epoch.group(2);
        }
        String sourceName = name;
        String sourceVersion = fullVersion;
        Matcher source = SOURCE.matcher(fields.getOrDefault("Source", ""));
        if (source.matches()) {
            sourceName = source.group(1);
            if (source.group(2) != null) {
                sourceVersion = source.group(2).strip();
            }
        }
        List<String> depends = new ArrayList<>(dependencyNames(fields.get("Pre-Depends")));
        for (String d : dependencyNames(fields.get("Depends"))) {
            if (!depends.contains(d)) {
                depends.add(d);
            }
        }
        return Optional.of(Package.of(Ecosystem.DEB, name, version, file.path())
                .withQualifiers(qualifiers)
                .withSource(sourceName, sourceVersion)
                .withLayer(file.layer())
                .withDependsOn(depends));
    }

    /** {@code libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, perl:any} → {@code libc6, debconf, perl}: first alternative, no versions or arch. */
    static List<String> dependencyNames(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String clause : field.split(",")) {
            String first = clause.split("\\|")[0].strip();
            int cut = first.length();
            for (int i = 0; i < first.length(); i++) {
                char c = first.charAt(i);
                if (c == ' ' || c == '(' || c == ':' || c == '[' || c == '<') {
                    cut = i;
                    break;
                }
            }
            String dep = first.substring(0, cut);
            if (!dep.isEmpty()) {
                names.add(dep);
            }
        }
        return List.copyOf(names);
    }

    /** DEP-5: {@code License: GPL-2+} heads a license paragraph; only the first line's short name is kept. */
    private void readCopyright(FileEntry file, Emitter out) throws IOException {
        String pkg = file.path().substring(DOC.length(), file.path().length() - COPYRIGHT.length());
        TextLines lines = new TextLines(file.content());
        Set<String> names = new LinkedHashSet<>();
        for (Optional<String> l = lines.next(); l.isPresent(); l = lines.next()) {
            String line = l.get();
            if (line.startsWith("License:")) {
                String value = line.substring("License:".length()).strip();
                if (!value.isEmpty() && names.size() < MAX_LICENSES) {
                    names.add(value);
                }
            }
        }
        if (lines.problem().isPresent()) {
            out.warn(file.path(), lines.problem().get());
        }
        if (!names.isEmpty()) {
            licenses.put(pkg, List.copyOf(names));
        }
    }

    @Override
    public void finish(Emitter out) {
        for (Package p : found) {
            List<String> l = licenses.get(p.name());
            out.add(l == null ? p : p.withLicenses(l));
        }
    }
}
