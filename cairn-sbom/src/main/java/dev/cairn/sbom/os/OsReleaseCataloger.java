package dev.cairn.sbom.os;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.OsRelease;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution, from {@code etc/os-release}, else {@code usr/lib/os-release} (Debian's
 * {@code etc/os-release} is a symlink to it, and symlinks are not followed), else the older
 * one-line files {@code etc/alpine-release}, {@code etc/debian_version}, {@code etc/redhat-release}.
 * Files are gathered while scanning and the best one decides in {@link #finish}, so layer order
 * does not matter.
 *
 * <p>For Debian the version is os-release's {@code VERSION_ID} ({@code 12}), the major release
 * that Debian's security tracker and OSV key advisories by; {@code etc/debian_version} (12.15) is
 * only a fallback, cut to its major number. Trivy uses the point release instead; both are
 * defensible, see {@code OsReleaseCatalogerTest}.
 */
public final class OsReleaseCataloger implements Cataloger {
    static final String ETC_OS_RELEASE = "etc/os-release";
    static final String USR_OS_RELEASE = "usr/lib/os-release";
    static final String ALPINE = "etc/alpine-release";
    static final String DEBIAN = "etc/debian_version";
    static final String REDHAT = "etc/redhat-release";
    /** Priority order. */
    private static final List<String> FILES = List.of(ETC_OS_RELEASE, USR_OS_RELEASE, ALPINE, DEBIAN, REDHAT);
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern RELEASE_VERSION = Pattern.compile("release\\s+(\\d+(?:\\.\\d+)*)");

    private final Map<String, List<String>> found = new HashMap<>();

    @Override
    public String name() {
        return "os-release";
    }

    @Override
    public boolean wants(String path) {
        return FILES.contains(path);
    }

    @Override
    public long maxBytes() {
        return 64 * 1024;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        TextLines lines = new TextLines(file.content());
        List<String> text = new java.util.ArrayList<>();
        for (Optional<String> l = lines.next(); l.isPresent() && text.size() < 1000; l = lines.next()) {
            text.add(l.get());
        }
        if (lines.problem().isPresent()) {
            out.warn(file.path(), lines.problem().get());
            return;
        }
        found.put(file.path(), text);
    }

    @Override
    public void finish(Emitter out) {
        for (String path : FILES) {
            List<String> text = found.get(path);
            if (text == null) {
                continue;
            }
            Optional<OsRelease> os = switch (path) {
                case ETC_OS_RELEASE, USR_OS_RELEASE -> osRelease(text);
                case ALPINE -> firstLine(text).map(v -> new OsRelease("alpine", v, Optional.empty(), Optional.empty()));
                case DEBIAN -> firstLine(text).map(v -> new OsRelease("debian", major(v), Optional.empty(), Optional.empty()));
                default -> firstLine(text).flatMap(OsReleaseCataloger::redhat);
            };
            if (os.isPresent()) {
                out.os(os.get());
                return;
            }
            out.warn(path, "no distribution ID in it");
        }
    }

    /** Parses os-release's shell-like {@code KEY=value} lines; values may be quoted. */
    Optional<OsRelease> osRelease(List<String> text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text) {
            Matcher m = KEY_VALUE.matcher(line.strip());
            if (m.matches()) {
                values.put(m.group(1), unquote(m.group(2).strip()));
            }
        }
        String id = values.get("ID");
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String version = values.getOrDefault("VERSION_ID", "");
        if (version.isEmpty() && id.equals("debian")) {
            // testing and sid have no VERSION_ID; debian_version may still say 13.x or trixie/sid
            version = firstLine(found.getOrDefault(DEBIAN, List.of())).map(OsReleaseCataloger::major)
                    .filter(v -> v.chars().allMatch(Character::isDigit)).orElse("");
        }
        return Optional.of(new OsRelease(id.strip().toLowerCase(java.util.Locale.ROOT), version,
                Optional.ofNullable(values.get("PRETTY_NAME")).filter(s -> !s.isBlank()),
                Optional.ofNullable(values.get("VERSION_CODENAME")).filter(s -> !s.isBlank())));
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            String inner = v.substring(1, v.length() - 1);
            return v.startsWith("\"") ? inner.replaceAll("\\\\([\\\\$\"`])", "$1") : inner;
        }
        return v;
    }

    private static Optional<String> firstLine(List<String> text) {
        return text.stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst();
    }

    static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    /** {@code Red Hat Enterprise Linux release 9.3 (Plow)}, {@code CentOS Linux release 7.9.2009 (Core)}, {@code Fedora release 39 (Thirty Nine)}. */
    static Optional<OsRelease> redhat(String line) {
        Matcher m = RELEASE_VERSION.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        String id = lower.startsWith("red hat") ? "rhel"
                : lower.startsWith("centos") ? "centos"
                : lower.startsWith("fedora") ? "fedora"
                : lower.startsWith("rocky") ? "rocky"
                : lower.startsWith("almalinux") ? "almalinux"
                : lower.startsWith("oracle") ? "ol"
                : "rhel";
        return Optional.of(new OsRelease(id, m.group(1), Optional.of(line), Optional.empty()));
    }
}
