package dev.cairn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: the whole path on embedded defaults, each step proven, not just printed. */
class QuickstartTest {
    @Test
    void quickstartProvesEveryStepOffline(@TempDir Path dir) {
        Cli cli = Cli.run("quickstart", "--dir", dir.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("was signed by the key")
                .contains("its SLSA provenance is signed by the same key")
                .contains("passes the gate --fail-on high")
                .contains("a different key and a wrong annotation are both refused")
                .contains("at admission, a Pod with the signed image is admitted and pinned to its digest; a Pod with an unsigned image is denied");
        assertThat(cli.out()).containsPattern("Pod running quickstart.local/demo/app:demo: ADMITTED, image pinned to quickstart.local/demo/app:demo@sha256:[0-9a-f]{64}")
                .containsPattern("Pod running quickstart.local/demo/app:unsigned: DENIED: .*quickstart-signed-images/require-quickstart-signature.*no signature by key");
        assertThat(dir.resolve("policy.yaml")).exists();
        assertThat(Files.exists(dir.resolve("sbom.cdx.json"))).isTrue();
    }
}
