package dev.cairn.sbom;

import java.util.Optional;

/**
 * Paths as catalogers see them: relative to the image root, {@code /}-separated, no leading
 * {@code ./} or {@code /}, no empty or {@code .} components, no trailing slash. A path with any
 * {@code ..} component is refused outright rather than resolved: no honest layer writer produces
 * one, and resolving it would let a hostile layer place a file where a cataloger looks for
 * another (or outside the root for a directory source).
 */
final class LayerPaths {
    /** Longer paths are hostile; Linux's PATH_MAX is 4096. */
    static final int MAX_PATH = 4096;

    private LayerPaths() {
    }

    static Optional<String> normalise(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_PATH || raw.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        int n = raw.length();
        while (i < n) {
            int slash = raw.indexOf('/', i);
            int end = slash < 0 ? n : slash;
            String part = raw.substring(i, end);
            if (part.equals("..")) {
                return Optional.empty();
            }
            if (!part.isEmpty() && !part.equals(".")) {
                if (!out.isEmpty()) {
                    out.append('/');
                }
                out.append(part);
            }
            i = end + 1;
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    /** The directory part of a normalised path, empty for a top-level name. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
