package dev.cairn.sbom;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which wanted files of a layer are visible in the scan's view of the image.
 *
 * <p>{@link Squashed} reads layers from the top (last) down: a path already met in an upper layer,
 * or deleted by an upper whiteout ({@code .wh.<name>}) or below an upper opaque directory
 * ({@code .wh..wh..opq}), hides every lower occurrence. It remembers only wanted paths it has
 * seen and the whiteouts, so its memory follows what is catalogued and how many deletions the
 * image has, not how many files it holds. {@link AllLayers} hides nothing.
 *
 * <p>Known simplifications: a lower file below a directory that an upper layer replaced with a
 * file or symlink is still visible (tracking every non-directory would cost memory per file);
 * within one layer a path written twice is taken at its first occurrence.
 */
sealed interface Overlay permits Overlay.Squashed, Overlay.AllLayers {
    String WHITEOUT_PREFIX = ".wh.";
    String OPAQUE = ".wh..wh..opq";

    /**
     * Called for every wanted path of the current layer, whatever its type; answers whether a
     * regular file there should be catalogued. A non-regular entry still hides lower ones.
     */
    boolean visible(String path);

    /** A whiteout entry at {@code path} (its file name starts with {@code .wh.}). */
    void whiteout(String path);

    /** The current layer is done; its whiteouts now apply to the layers read after it. */
    void endLayer();

    static boolean isWhiteout(String path) {
        return LayerPaths.fileName(path).startsWith(WHITEOUT_PREFIX);
    }

    final class Squashed implements Overlay {
        private final Set<String> seen = new HashSet<>();
        private final Set<String> deleted = new HashSet<>();
        private final Set<String> opaque = new HashSet<>();
        private final Set<String> pendingDeleted = new HashSet<>();
        private final Set<String> pendingOpaque = new HashSet<>();

        @Override
        public boolean visible(String path) {
            if (hiddenByUpper(path)) {
                return false;
            }
            // first sight wins: upper layers come first, so a later sight is lower (or a duplicate)
            return seen.add(path);
        }

        private boolean hiddenByUpper(String path) {
            if (deleted.isEmpty() && opaque.isEmpty()) {
                return false;
            }
            if (deleted.contains(path)) {
                return true;
            }
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String dir = path.substring(0, slash);
                if (deleted.contains(dir) || opaque.contains(dir)) {
                    return true;
                }
            }
            return opaque.contains(""); // an opaque marker at the root hides all lower files
        }

        @Override
        public void whiteout(String path) {
            String dir = LayerPaths.parent(path);
            String name = LayerPaths.fileName(path);
            if (name.equals(OPAQUE)) {
                pendingOpaque.add(dir);
            } else {
                String target = name.substring(WHITEOUT_PREFIX.length());
                if (!target.isEmpty()) {
                    pendingDeleted.add(dir.isEmpty() ? target : dir + "/" + target);
                }
            }
        }

        /** Whiteouts affect only layers below the one that holds them, so they take effect after it. */
        @Override
        public void endLayer() {
            deleted.addAll(pendingDeleted);
            opaque.addAll(pendingOpaque);
            pendingDeleted.clear();
            pendingOpaque.clear();
        }

        /** Paths remembered as seen; only wanted paths ever land here (exposed for the memory test). */
        Set<String> seenPaths() {
            return Set.copyOf(seen);
        }

        int whiteouts() {
            return deleted.size() + opaque.size() + pendingDeleted.size() + pendingOpaque.size();
        }
    }

    final class AllLayers implements Overlay {
        @Override
        public boolean visible(String path) {
            return true;
        }

        @Override
        public void whiteout(String path) {
        }

        @Override
        public void endLayer() {
        }
    }
}
