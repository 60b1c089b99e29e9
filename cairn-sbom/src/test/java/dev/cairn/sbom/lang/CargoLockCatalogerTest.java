package dev.cairn.sbom.lang;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CargoLockCatalogerTest {
    private final CargoLockCataloger cataloger = new CargoLockCataloger();

    @Test
    void version3IncludingTheWorkspaceCrateWithoutSourceAsTrivyDoes() {
        Collected c = Collected.scan(cataloger, "cargo/v3");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty())).containsExactly(
                "pkg:cargo/anyhow@1.0.75", "pkg:cargo/app@0.1.0", "pkg:cargo/serde@1.0.193",
                "pkg:cargo/serde_derive@1.0.193", "pkg:cargo/utils@0.2.0");
        assertThat(c.packages).allSatisfy(p -> {
            assertThat(p.ecosystem()).isEqualTo(Ecosystem.CARGO);
            assertThat(p.path()).isEqualTo("src/app/Cargo.lock");
        });
        assertThat(c.only("app").dependsOn()).containsExactly("anyhow", "serde", "utils");
        assertThat(c.only("serde").dependsOn()).containsExactly("serde_derive");
    }

    @Test
    void version1DependenciesCarryVersionAndSourceWhichAreCutAndMetadataIsSkipped() {
        Collected c = Collected.scan(cataloger, "cargo/v1");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(Package::name).containsExactly("libc", "old", "rand");
        assertThat(c.only("old").dependsOn()).containsExactly("libc", "rand");
    }

    @Test
    void escapesCommentsAndLiteralStrings() {
        String lock = "[[package]]\nname = 'we\"ird' # comment\nversion = \"1.0.0\"\ndependencies = [\"a\\\"b\", # why\n 'c',\n]\n";
        Package p = Collected.read(cataloger, "Cargo.lock", lock).only("we\"ird");
        assertThat(p.dependsOn()).containsExactly("a\"b", "c");
    }

    @Test
    void incompleteTablesAndNonsenseAreWarnings() {
        Collected c = Collected.read(cataloger, "Cargo.lock", "[[package]]\nname = \"a\"\n\n[[package]]\nname = \"b\"\nversion = \"2\"\n");
        assertThat(c.packages).extracting(Package::name).containsExactly("b");
        assertThat(c.warnings).singleElement().asString().contains("1 [[package]] entries without a name or version");
        assertThat(Collected.read(cataloger, "Cargo.lock", "").warnings).hasSize(1);
        assertThat(Collected.read(cataloger, "Cargo.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"x").warnings).isEmpty();
        assertThat(Collected.read(cataloger, "Cargo.lock", "hello world\n").warnings).singleElement().asString().contains("1 lines");
    }

    @Test
    void wants() {
        assertThat(cataloger.wants("Cargo.lock")).isTrue();
        assertThat(cataloger.wants("src/app/Cargo.lock")).isTrue();
        assertThat(cataloger.wants("src/app/NotCargo.lock")).isFalse();
        assertThat(cataloger.wants("src/app/Cargo.toml")).isFalse();
    }

    @Test
    void aHugeLockfileIsBoundedInPackagesAndCutAtMaxBytes() {
        Generated in = Generated.of("version = 3\n", "[[package]]\nname = \"c\"\nversion = \"1.0.0\"\n", 100L << 20);
        Collected c = Collected.read(cataloger, "Cargo.lock", in);
        assertThat(c.packages).hasSize(CargoLock.MAX_PACKAGES);
        // the cut at maxBytes also leaves the last table half-written, which is said too
        assertThat(c.warnings).anySatisfy(w -> assertThat(w).contains("more than 100000 packages"));
        assertThat(in.consumed()).isLessThanOrEqualTo(cataloger.maxBytes() + 8192);
        Generated oneLine = Generated.of("[[package]]\nname = \"x\"\nversion = \"1\"\ndependencies = [", "\"d\", ", 50L << 20);
        assertThat(Collected.read(cataloger, "Cargo.lock", oneLine).only("x").dependsOn()).containsExactly("d");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        Collected c = Collected.read(cataloger, "Cargo.lock", new ByteArrayInputStream(Generated.garbage(seed, 100_000)));
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).hasSize(1);
    }
}
