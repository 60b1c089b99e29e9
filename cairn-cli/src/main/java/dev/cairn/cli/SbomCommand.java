package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.SbomGenerator;
import dev.cairn.sbom.format.CycloneDxWriter;
import dev.cairn.sbom.format.SbomDiff;
import dev.cairn.sbom.format.SbomFormats;
import dev.cairn.sbom.format.SbomMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "sbom", description = "Generate an SBOM of an image (registry, oci:, docker-archive:) or a directory (dir:PATH).",
        subcommands = {SbomCommand.Merge.class, SbomCommand.Diff.class})
final class SbomCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, defaultValue = "cyclonedx-json", description = "cyclonedx-json, cyclonedx-xml, spdx-json or table.")
    String format;

    @Option(names = "--scope", defaultValue = "squashed", description = "squashed (the final filesystem) or all-layers.")
    String scope;

    @Option(names = "--output-file", description = "Write the SBOM here instead of stdout.")
    Path outputFile;

    @Mixin
    RegistryOptions registry;

    // optional only so that "sbom merge" and "sbom diff" parse; a plain "sbom" needs it
    @Parameters(paramLabel = "IMAGE", arity = "0..1")
    String image;

    @Override
    public Integer call() throws IOException {
        if (image == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'IMAGE'");
        }
        var writer = SbomFormats.byId(format);
        SbomGenerator.Scope parsedScope = switch (scope) {
            case "squashed" -> SbomGenerator.Scope.SQUASHED;
            case "all-layers" -> SbomGenerator.Scope.ALL_LAYERS;
            default -> throw CairnException.invalid("unknown --scope '" + scope + "': use squashed or all-layers");
        };
        Sbom sbom = Sboms.generate(image, registry.options(), parsedScope, spec.commandLine().getErr());
        emit(outputFile, spec.commandLine(), out -> writer.write(sbom, out));
        spec.commandLine().getErr().println("Found " + sbom.packages().size() + " packages in " + sbom.subject().name()
                + sbom.os().map(os -> " (" + os.distro() + ")").orElse(""));
        return 0;
    }

    /**
     * Writes what {@code body} produces to the file, or to the command's stdout: as bytes when stdout
     * is the process's ({@link Stdout}), else decoded into the command's writer (tests capture it).
     */
    static void emit(Path file, picocli.CommandLine cli, Body body) throws IOException {
        emit(file, cli.getOut(), body);
    }

    /** {@link #emit(Path, picocli.CommandLine, Body)} with the command line's stdout writer. */
    static void emit(Path file, java.io.PrintWriter stdoutWriter, Body body) throws IOException {
        if (file == null) {
            if (stdoutWriter instanceof Stdout stdout) {
                stdout.flush();
                body.writeTo(unclosable(stdout.bytes()));
                stdout.bytes().flush();
                return;
            }
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            body.writeTo(buffer);
            stdoutWriter.print(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
            stdoutWriter.flush();
            return;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            // writers built on Jackson close what they write to; the file is closed here, once
            body.writeTo(unclosable(out));
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw new CairnException(ErrorCode.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code out}, flushed but not closed by {@code close()}. */
    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    @Command(name = "merge", description = "Merge SBOMs (files or images) into one CycloneDX SBOM.")
    static final class Merge implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--hierarchical", description = "Keep each input as a parent component with its packages nested.")
        boolean hierarchical;

        @Option(names = "--name", description = "Name of the merged component.")
        String name;

        @Option(names = "--version", description = "Version of the merged component.")
        String version;

        @Option(names = {"-o", "--output"}, defaultValue = "cyclonedx-json", description = "cyclonedx-json or cyclonedx-xml.")
        String format;

        @Option(names = "--output-file")
        Path outputFile;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "SBOM|IMAGE", arity = "2..*")
        List<String> inputs;

        @Override
        public Integer call() throws IOException {
            CycloneDxWriter writer = switch (format) {
                case "cyclonedx-json" -> CycloneDxWriter.json();
                case "cyclonedx-xml" -> CycloneDxWriter.xml();
                default -> throw CairnException.invalid("merge writes cyclonedx-json or cyclonedx-xml, not '" + format + "'");
            };
            List<Sbom> sboms = inputs.stream().map(i -> Sboms.readOrGenerate(i, registry.options(), spec.commandLine().getErr())).toList();
            emit(outputFile, spec.commandLine(),
                    out -> writer.write(SbomMerge.merge(sboms, Optional.ofNullable(name), Optional.ofNullable(version), hierarchical), out));
            return 0;
        }
    }

    @Command(name = "diff", description = "What was added, removed or changed between two SBOMs or images.")
    static final class Diff implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
        String format;

        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "OLD")
        String before;

        @Parameters(index = "1", paramLabel = "NEW")
        String after;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            SbomDiff.Result result = SbomDiff.diff(Sboms.readOrGenerate(before, registry.options(), err),
                    Sboms.readOrGenerate(after, registry.options(), err));
            spec.commandLine().getOut().print(switch (format) {
                case "text" -> result.text();
                case "json" -> result.json() + "\n";
                default -> throw CairnException.invalid("unknown diff output '" + format + "': use text or json");
            });
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
