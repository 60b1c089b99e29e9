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

/**
 * Alpine packages from {@code lib/apk/db/installed}: one record per package, lines
 * {@code X:value}, records separated by blank lines. Used: {@code P} name, {@code V} version,
 * {@code A} arch, {@code o} origin (the source package), {@code L} license, {@code D} depends.
 * Dependencies on virtual provides ({@code so:}, {@code cmd:}, {@code pc:}) and conflicts
 * ({@code !name}) are not package names and are dropped.
 */
public final class ApkCataloger implements Cataloger {
    static final String INSTALLED = "lib/apk/db/installed";

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public boolean wants(String path) {
        return path.equals(INSTALLED);
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        TextLines lines = new TextLines(file.content());
        Map<Character, String> record = new HashMap<>();
        int malformed = 0;
        int incomplete = 0;
        for (Optional<String> next = lines.next(); ; next = lines.next()) {
            String line = next.orElse("");
            if (line.isBlank()) {
                if (!record.isEmpty() && !emit(record, file, out)) {
                    incomplete++;
                }
                record.clear();
                if (next.isEmpty()) {
                    break;
                }
            } else if (line.length() >= 2 && line.charAt(1) == ':') {
                record.putIfAbsent(line.charAt(0), line.substring(2));
            } else {
                malformed++;
            }
        }
        if (lines.problem().isPresent()) {
            out.warn(file.path(), lines.problem().get());
        } else if (malformed > 0 || incomplete > 0) {
            out.warn(file.path(), malformed + " malformed lines, " + incomplete + " records without a name or version");
        }
    }

    private static boolean emit(Map<Character, String> r, FileEntry file, Emitter out) {
        String name = r.getOrDefault('P', "").strip();
        String version = r.getOrDefault('V', "").strip();
        if (name.isEmpty() || version.isEmpty()) {
            return false;
        }
        Map<String, String> qualifiers = new HashMap<>();
        String arch = r.getOrDefault('A', "").strip();
        if (!arch.isEmpty()) {
            qualifiers.put("arch", arch);
        }
        String origin = r.getOrDefault('o', "").strip();
        String license = r.getOrDefault('L', "").strip();
        out.add(Package.of(Ecosystem.APK, name, version, file.path())
                .withQualifiers(qualifiers)
                .withSource(origin.isEmpty() ? name : origin, version)
                .withLicenses(license.isEmpty() ? List.of() : List.of(license))
                .withLayer(file.layer())
                .withDependsOn(dependencyNames(r.getOrDefault('D', ""))));
        return true;
    }

    /** {@code so:libc.musl-x86_64.so.1 busybox>=1.36 !foo ca-certificates-bundle} → {@code busybox, ca-certificates-bundle}. */
    static List<String> dependencyNames(String field) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : field.trim().split("\\s+")) {
            if (token.isEmpty() || token.startsWith("!") || token.indexOf(':') >= 0) {
                continue;
            }
            int cut = token.length();
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c == '<' || c == '>' || c == '=' || c == '~') {
                    cut = i;
                    break;
                }
            }
            if (cut > 0) {
                names.add(token.substring(0, cut));
            }
        }
        return new ArrayList<>(names);
    }
}
