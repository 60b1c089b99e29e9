package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void privateKeyIsCreatedOwnerOnlyAndExistingFilesAreKept() throws Exception {
        Path key = dir.resolve("cosign.key");
        Path pub = dir.resolve("cosign.pub");
        KeyFiles.writePrivate(key, "secret", KeyFiles.Existing.REFUSE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        assertThatThrownBy(() -> KeyFiles.writePrivate(key, "other", KeyFiles.Existing.REFUSE))
                .isInstanceOf(CairnException.class).hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(key)).isEqualTo("secret");

        Files.writeString(pub, "old public key");
        assertThatThrownBy(() -> KeyFiles.writeKeyPair(SigningKeyPair.generate(), "x".toCharArray(), dir.resolve("new.key"),
                pub, KeyFiles.Existing.REFUSE)).isInstanceOf(CairnException.class);
        assertThat(dir.resolve("new.key")).doesNotExist();
    }

    @Test
    void replacingAWorldReadableFileLeavesAnOwnerOnlyOne() throws Exception {
        Path key = Files.writeString(dir.resolve("cosign.key"), "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        KeyFiles.writePrivate(key, "new", KeyFiles.Existing.REPLACE);
        assertThat(Files.readString(key)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(key);
        }
    }
}
