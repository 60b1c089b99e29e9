package dev.cairn.sbom.lang;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The subset of TOML that Cargo writes in {@code Cargo.lock}: {@code [[package]]} tables of
 * {@code name}, {@code version}, {@code source}, {@code checksum} and a {@code dependencies}
 * array of strings, possibly over several lines. Every other table ({@code [metadata]} of v1
 * files, {@code [[patch.unused]]}) is passed over. Lines, packages and dependencies are bounded;
 * this is not a general TOML parser and does not try to be one.
 */
final class CargoLock {
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_PACKAGES = 100_000;
    static final int MAX_DEPENDENCIES = 10_000;

    /** One {@code [[package]]}; {@code dependencies} are crate names (v1's "name version (source)" cut to the name). */
    record Entry(String name, String version, Optional<String> source, List<String> dependencies) {
        Entry {
            dependencies = List.copyOf(dependencies);
        }
    }

    /** What was read: the packages, how many tables lacked a name or version, and the lines that were not TOML we know. */
    record Result(List<Entry> packages, int incomplete, int badLines, boolean cut) {
        Result {
            packages = List.copyOf(packages);
        }
    }

    private final List<Entry> packages = new ArrayList<>();
    private int incomplete;
    private int badLines;
    private boolean cut;
    // the [[package]] table being read, if any
    private boolean inPackage;
    private String name;
    private String version;
    private String source;
    private List<String> deps = new ArrayList<>();
    private boolean inDependencies;

    private CargoLock() {
    }

    static Result read(InputStream in) throws IOException {
        CargoLock lock = new CargoLock();
        BoundedLineReader lines = new BoundedLineReader(in, MAX_LINE);
        for (String line = lines.next(); line != null; line = lines.next()) {
            lock.line(line.strip());
        }
        lock.flush();
        return new Result(lock.packages, lock.incomplete, lock.badLines, lock.cut);
    }

    private void line(String line) {
        if (inDependencies) {
            inDependencies = !strings(line, deps);
            return;
        }
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("[")) {
            flush();
            inPackage = line.replace(" ", "").equals("[[package]]");
            return;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
            badLines++;
            return;
        }
        if (!inPackage) {
            return; // top-level "version = 3", or a key of a table we do not read
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        switch (key) {
            case "name" -> name = string(value).orElse(null);
            case "version" -> version = string(value).orElse(null);
            case "source" -> source = string(value).orElse(null);
            case "dependencies" -> {
                if (value.startsWith("[")) {
                    inDependencies = !strings(value.substring(1), deps);
                } else {
                    badLines++;
                }
            }
            default -> {
            }
        }
    }

    /** Adds the strings of an array fragment, first word only; returns whether the fragment closed the array. */
    private boolean strings(String fragment, List<String> into) {
        int i = 0;
        while (i < fragment.length()) {
            char c = fragment.charAt(i);
            if (c == ']') {
                return true;
            }
            if (c == '#') {
                return false; // a comment runs to the end of the line
            }
            if (c == '"' || c == '\'') {
                int close = closing(fragment, i);
                if (close < 0) {
                    badLines++;
                    return false;
                }
                String dep = unescape(fragment.substring(i + 1, close), c).strip();
                int space = dep.indexOf(' ');
                dep = space < 0 ? dep : dep.substring(0, space);
                if (!dep.isEmpty() && into.size() < MAX_DEPENDENCIES && !into.contains(dep)) {
                    into.add(dep);
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return false;
    }

    private void flush() {
        if (inPackage) {
            if (name == null || name.isBlank() || version == null || version.isBlank()) {
                incomplete++;
            } else if (packages.size() < MAX_PACKAGES) {
                packages.add(new Entry(name.strip(), version.strip(), Optional.ofNullable(source), deps));
            } else {
                cut = true;
            }
        }
        inPackage = false;
        inDependencies = false;
        name = null;
        version = null;
        source = null;
        deps = new ArrayList<>();
    }

    /** A TOML basic ("...") or literal ('...') string that is the whole value. */
    private static Optional<String> string(String value) {
        if (value.isEmpty() || (value.charAt(0) != '"' && value.charAt(0) != '\'')) {
            return Optional.empty();
        }
        int close = closing(value, 0);
        return close < 0 ? Optional.empty() : Optional.of(unescape(value.substring(1, close), value.charAt(0)));
    }

    private static int closing(String s, int open) {
        char quote = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** Cargo only ever writes {@code \"} and {@code \\} in names and sources; other escapes keep their character. */
    private static String unescape(String s, char quote) {
        if (quote == '\'' || s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
