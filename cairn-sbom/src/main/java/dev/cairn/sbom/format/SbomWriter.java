package dev.cairn.sbom.format;

import dev.cairn.sbom.Sbom;

import java.io.IOException;
import java.io.OutputStream;

/** Renders an {@link Sbom} in one output format. Implementations are stateless and thread-safe. */
public interface SbomWriter {
    /** The format id users pass on the command line, e.g. {@code cyclonedx-json}. */
    String id();

    /** Writes the whole document; does not close {@code out}. */
    void write(Sbom sbom, OutputStream out) throws IOException;
}
