package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Walks one layer's tar stream and offers the visible wanted regular files to the catalogers.
 * Links are never followed: a wanted path that is a symlink or hard link is not catalogued (it
 * still hides lower layers' copies when squashing), so no entry can make a cataloger read a file
 * other than the one at its own path, inside or outside the root.
 */
final class LayerScanner {
    /** Images with hundreds of thousands of files are normal; millions in one layer are not. */
    static final int MAX_ENTRIES = 1_000_000;

    private final FileDispatch dispatch;
    private final Collector out;
    private final int maxEntries;

    LayerScanner(FileDispatch dispatch, Collector out, int maxEntries) {
        this.dispatch = dispatch;
        this.out = out;
        this.maxEntries = maxEntries;
    }

    /**
     * Reads the tar stream to its end-of-archive marker. A malformed or truncated stream ends in an
     * {@code IOException} (the caller names the layer in a warning); files before that point are kept.
     */
    void scan(InputStream tar, Optional<Digest> layer, Overlay overlay) throws IOException {
        TarReader reader = new TarReader(tar, maxEntries);
        int unsafe = 0;
        String firstUnsafe = null;
        for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
            TarEntry entry = next.get();
            Optional<String> normalised = LayerPaths.normalise(entry.name());
            if (normalised.isEmpty()) {
                if (!isRoot(entry.name())) {
                    unsafe++;
                    firstUnsafe = firstUnsafe == null ? entry.name() : firstUnsafe;
                }
                continue;
            }
            String path = normalised.get();
            if (Overlay.isWhiteout(path)) {
                overlay.whiteout(path);
                continue;
            }
            List<Cataloger> wanting = dispatch.wanting(path);
            if (wanting.isEmpty() || !overlay.visible(path)) {
                continue;
            }
            switch (entry.type()) {
                case FILE -> dispatch.offer(path, entry.size(), reader.content(), layer, wanting);
                case HARDLINK -> {
                    // A hard link shares its target's content, which is catalogued at the target's own
                    // path when a cataloger wants it (gunzip/uncompress in Debian); only a link whose
                    // target nobody wants would hide content, so only that is worth a warning.
                    if (LayerPaths.normalise(entry.linkName()).map(dispatch::wanting).map(List::isEmpty).orElse(true)) {
                        out.warn(path, "is a hard link to " + entry.linkName() + "; links are not followed, not catalogued");
                    }
                }
                case SYMLINK, DIRECTORY, OTHER -> {
                    // not a regular file: never read (see the class comment)
                }
            }
        }
        if (unsafe > 0) {
            out.warn(firstUnsafe.length() > 200 ? firstUnsafe.substring(0, 200) + "…" : firstUnsafe,
                    unsafe + " tar entr" + (unsafe == 1 ? "y" : "ies") + " with '..' or an unusable path ignored");
        }
    }

    /** {@code ./} and {@code /} name the root directory itself, which every layer may carry. */
    private static boolean isRoot(String name) {
        return name.chars().allMatch(c -> c == '.' || c == '/') && !name.contains("..");
    }
}
