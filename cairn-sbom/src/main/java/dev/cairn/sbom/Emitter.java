package dev.cairn.sbom;

/** Where catalogers put what they find. Warnings are expected outcomes: bad input loses nothing else. */
public interface Emitter {
    void add(Package pkg);

    void os(OsRelease os);

    /** A file that could not be catalogued, and why, in one line. */
    void warn(String path, String message);
}
