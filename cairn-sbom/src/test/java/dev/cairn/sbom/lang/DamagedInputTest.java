package dev.cairn.sbom.lang;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.FileEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every real-format fixture, cut short at many points and with seeded random bytes overwritten:
 * whatever the damage, read() reports it as a warning or reads what it can, and no exception
 * escapes (a poor man's fuzzer until the Jazzer targets exist).
 */
class DamagedInputTest {
    static Stream<Arguments> fixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        add(out, PythonPackageCataloger::new, "python");
        add(out, NpmCataloger::new, "npm");
        add(out, ComposerInstalledCataloger::new, "composer");
        add(out, GemspecCataloger::new, "gem");
        add(out, DotnetDepsCataloger::new, "dotnet");
        add(out, CargoLockCataloger::new, "cargo");
        return out.stream();
    }

    private static void add(List<Arguments> out, Supplier<Cataloger> make, String dir) throws IOException {
        Path root = Collected.resource(dir);
        Cataloger probe = make.get();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                // the big npm tree adds little over its lockfile and a few manifests
                if (probe.wants(rel) && !(rel.contains("/node_modules/") && !rel.contains("/node_modules/e") && !rel.endsWith(".package-lock.json"))) {
                    out.add(Arguments.of(make, rel, Files.readAllBytes(f)));
                }
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void truncatedAnywhere(Supplier<Cataloger> make, String path, byte[] content) {
        for (int cut = 0; cut < content.length; cut += Math.max(1, content.length / 97)) {
            readSafely(make.get(), path, java.util.Arrays.copyOf(content, cut));
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void randomlyDamaged(Supplier<Cataloger> make, String path, byte[] content) {
        Random random = new Random(path.hashCode());
        for (int round = 0; round < 60; round++) {
            byte[] damaged = content.clone();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            readSafely(make.get(), path, damaged);
        }
    }

    private static void readSafely(Cataloger cataloger, String path, byte[] content) {
        Collected out = new Collected();
        assertThatCode(() -> {
            cataloger.read(new FileEntry(path, content.length, new ByteArrayInputStream(content), Optional.empty()), out);
            cataloger.finish(out);
        }).as("%s cut to %d bytes", path, content.length).doesNotThrowAnyException();
    }
}
