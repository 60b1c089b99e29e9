package dev.cairn.sbom;

import java.util.Locale;

/** Package names compared as their ecosystems compare them. */
public final class PackageNames {
    private PackageNames() {
    }

    /**
     * A name normalised per PEP 503: lower case, each run of {@code -}, {@code _} and {@code .}
     * as one {@code -}. PyPI compares names this way ({@code Jinja2}, {@code jinja_2} and {@code jinja-2}
     * are one project). A loop rather than a regular expression: scans call this for every PyPI
     * package and advisory entry, and a cold JVM interprets a regex engine slowly.
     */
    public static String pep503(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean separator = false;
        boolean ascii = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                separator = true;
                continue;
            }
            if (separator) {
                out.append('-');
                separator = false;
            }
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            ascii &= c < 0x80;
        }
        if (separator) {
            out.append('-');
        }
        // Lower case does not make separators, so the rest can be lowered after collapsing them.
        return ascii ? out.toString() : out.toString().toLowerCase(Locale.ROOT);
    }
}
