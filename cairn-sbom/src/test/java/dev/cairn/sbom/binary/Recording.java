package dev.cairn.sbom.binary;

import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An emitter that keeps what it is given, for assertions. */
final class Recording implements Emitter {
    final List<Package> packages = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public void add(Package pkg) {
        packages.add(pkg);
    }

    @Override
    public void os(OsRelease os) {
    }

    @Override
    public void warn(String path, String message) {
        warnings.add(path + ": " + message);
    }

    List<String> purls() {
        return packages.stream().map(p -> Purls.of(p, Optional.empty())).toList();
    }

    static FileEntry file(String path, byte[] bytes) {
        return new FileEntry(path, bytes.length, new ByteArrayInputStream(bytes), Optional.empty());
    }

    static FileEntry file(String path, long size, InputStream in) {
        return new FileEntry(path, size, in, Optional.empty());
    }
}
