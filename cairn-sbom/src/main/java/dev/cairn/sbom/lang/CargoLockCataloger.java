package dev.cairn.sbom.lang;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;

/**
 * Rust crates from {@code Cargo.lock}. Every {@code [[package]]} is reported, including the
 * workspace's own crates, which have no {@code source}: trivy reports them too, and they are
 * what the other entries are dependencies of. Cargo.lock names no licences.
 */
public final class CargoLockCataloger implements Cataloger {
    @Override
    public String name() {
        return "cargo-lock";
    }

    @Override
    public boolean wants(String path) {
        return path.equals("Cargo.lock") || path.endsWith("/Cargo.lock");
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        CargoLock.Result lock = CargoLock.read(file.content());
        if (lock.packages().isEmpty()) {
            out.warn(file.path(), "not a Cargo.lock: no [[package]] with a name and version"
                    + (lock.badLines() > 0 ? " (" + lock.badLines() + " lines that are not TOML key = value)" : ""));
            return;
        }
        if (lock.incomplete() > 0) {
            out.warn(file.path(), lock.incomplete() + " [[package]] entries without a name or version skipped");
        }
        if (lock.cut()) {
            out.warn(file.path(), "more than " + CargoLock.MAX_PACKAGES + " packages; the rest are skipped");
        }
        for (CargoLock.Entry e : lock.packages()) {
            out.add(Package.of(Ecosystem.CARGO, e.name(), e.version(), file.path())
                    .withDependsOn(e.dependencies())
                    .withLayer(file.layer()));
        }
    }
}
