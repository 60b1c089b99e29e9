package dev.cairn.sbom.binary;

/**
 * Which paths may hold an executable. Content decides in the end (catalogers check the magic
 * number); this only keeps the flood of extension-less data files (time zones, terminfo, man pages,
 * configuration) from being opened at all.
 */
final class Executables {
    private static final String[] NOT_EXECUTABLES = {
            "etc/", "usr/share/", "usr/include/", "var/lib/dpkg/", "var/lib/apt/", "var/lib/rpm/",
            "var/cache/", "var/log/", "lib/terminfo/", "usr/lib/locale/", "proc/", "sys/", "dev/",
    };

    private Executables() {
    }

    /** A last path component without a dot, or ending in {@code .exe}, outside directories known to hold only data. */
    static boolean candidate(String path) {
        int slash = path.lastIndexOf('/');
        boolean name = path.indexOf('.', slash + 1) < 0
                || path.regionMatches(true, path.length() - 4, ".exe", 0, 4);
        if (!name || slash == path.length() - 1) {
            return false;
        }
        for (String prefix : NOT_EXECUTABLES) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
