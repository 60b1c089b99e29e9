package dev.cairn.sbom;

import dev.cairn.model.Digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The emitter a scan hands to its catalogers. It stamps packages with the layer of the file being
 * read when the cataloger did not, keeps the first operating system reported, and caps warnings so
 * a hostile image cannot fill memory with them.
 */
final class Collector implements Emitter {
    static final int MAX_WARNINGS = 10_000;

    private final List<Package> packages = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Optional<OsRelease> os = Optional.empty();
    private Optional<Digest> currentLayer = Optional.empty();
    private int droppedWarnings;

    @Override
    public void add(Package pkg) {
        packages.add(pkg.layer().isEmpty() && currentLayer.isPresent() ? pkg.withLayer(currentLayer) : pkg);
    }

    @Override
    public void os(OsRelease release) {
        if (os.isEmpty()) {
            os = Optional.of(release);
        }
    }

    @Override
    public void warn(String path, String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(path.isEmpty() ? message : path + ": " + message);
        } else {
            droppedWarnings++;
        }
    }

    /** The layer whose file is being read now (empty between files and for directories). */
    void currentLayer(Optional<Digest> layer) {
        currentLayer = layer;
    }

    int packageCount() {
        return packages.size();
    }

    List<Package> packages() {
        return packages;
    }

    Optional<OsRelease> os() {
        return os;
    }

    List<String> warnings() {
        if (droppedWarnings == 0) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.add(droppedWarnings + " more warnings not shown");
        return all;
    }
}
