package dev.cairn.sbom.lang;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python project names compared the way pip and PyPI compare them (PEP 503): {@code Jinja2} and {@code jinja2} are one project. */
final class Pep503 {
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    /** PEP 508's valid project name; anything else in a Name header is junk we do not report. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    private Pep503() {
    }

    static boolean valid(String name) {
        return VALID.matcher(name.strip()).matches();
    }

    static String normalise(String name) {
        return SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
