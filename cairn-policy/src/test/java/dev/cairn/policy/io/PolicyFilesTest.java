package dev.cairn.policy.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyFilesTest {
    @Test
    void configMapVolumeYieldsEachPolicyOnceNotAlsoFromItsHiddenTimestampDirectory(@TempDir Path volume) throws Exception {
        // How the kubelet lays out a ConfigMap volume: ..2026_11_22_05_00_00.1/ holds the files,
        // ..data links to it, and each visible name links through ..data.
        Path stamped = Files.createDirectory(volume.resolve("..2026_11_22_05_00_00.1"));
        Files.writeString(stamped.resolve("verify.yaml"), "kind: ClusterPolicy\n");
        Files.createSymbolicLink(volume.resolve("..data"), stamped.getFileName());
        Files.createSymbolicLink(volume.resolve("verify.yaml"), Path.of("..data/verify.yaml"));

        assertThat(PolicyFiles.files(List.of(volume))).containsExactly(volume.resolve("verify.yaml"));
    }

    @Test
    void directoriesYieldPolicyFilesInNameOrderAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yml"), "");
        Files.writeString(dir.resolve("a.json"), "");
        Files.writeString(dir.resolve("README.md"), "");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/c.yaml"), "");
        Files.writeString(dir.resolve(".editor-swap.yaml"), "");

        assertThat(PolicyFiles.files(List.of(dir))).containsExactly(dir.resolve("a.json"), dir.resolve("b.yml"), dir.resolve("nested/c.yaml"));
    }
}
