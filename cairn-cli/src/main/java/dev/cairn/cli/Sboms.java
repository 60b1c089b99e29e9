package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.oci.OciOptions;
import dev.cairn.sbom.Catalogers;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.SbomGenerator;
import dev.cairn.sbom.format.SbomReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** SBOMs for commands: generated from an image or directory, or read from an SBOM file. */
final class Sboms {
    private Sboms() {
    }

    static Sbom generate(String location, OciOptions options, SbomGenerator.Scope scope, PrintWriter err) {
        try (TerminalProgress progress = TerminalProgress.forTerminal(err)) {
            Sbom sbom = new SbomGenerator(Catalogers::all, progress).fromLocation(location, options, scope);
            sbom.warnings().stream().limit(20).forEach(w -> err.println("cairn: warning: " + w));
            if (sbom.warnings().size() > 20) {
                err.println("cairn: warning: … and " + (sbom.warnings().size() - 20) + " more");
            }
            return sbom;
        }
    }

    /** An existing file is read as an SBOM (CycloneDX or SPDX JSON); anything else is scanned as an image. */
    static Sbom readOrGenerate(String argument, OciOptions options, PrintWriter err) {
        Path file = Path.of(argument.startsWith("oci:") || argument.contains("@") ? "/nonexistent-" : argument);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return SbomReader.read(in);
            } catch (IOException e) {
                throw new CairnException(ErrorCode.IO, "cannot read SBOM " + file + ": " + e.getMessage(), e);
            }
        }
        return generate(argument, options, SbomGenerator.Scope.SQUASHED, err);
    }
}
