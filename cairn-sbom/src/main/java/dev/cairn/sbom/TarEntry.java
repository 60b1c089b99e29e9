package dev.cairn.sbom;

import java.util.Objects;

/**
 * One member of a tar stream, after GNU long-name and PAX records have been applied. {@code name}
 * is as written in the archive (not yet normalised); {@code linkName} is empty unless a link.
 */
record TarEntry(String name, Type type, long size, String linkName) {
    TarEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(linkName, "linkName");
    }

    /** What the entry is; devices, FIFOs and unknown types are {@code OTHER} and never catalogued. */
    enum Type { FILE, HARDLINK, SYMLINK, DIRECTORY, OTHER }
}
