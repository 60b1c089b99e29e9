package dev.cairn.cli;

import dev.cairn.oci.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing an image with a key that never leaves a real PKCS#11 token (SoftHSM2), from the CLI. */
class Pkcs11CliTest {
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String URI = "pkcs11:token=cairn-cli;object=signing-key?module-path=" + MODULE + "&pin-value=1234";

    @TempDir
    static Path dir;

    @BeforeAll
    static void tokenWithKey() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF is set by surefire (cairn-cli/pom.xml)").isNotBlank();
        assertThat(Path.of(MODULE)).as("SoftHSM2 is installed by scripts/test (Debian packages softhsm2, opensc)").isRegularFile();
        Path home = Path.of(conf).getParent();
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(home.resolve("tokens"));
        Files.writeString(Path.of(conf), "directories.tokendir = " + home.resolve("tokens") + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        run(home, "softhsm2-util", "--init-token", "--free", "--label", "cairn-cli", "--pin", "1234", "--so-pin", "5678");
        run(home, "pkcs11-tool", "--module", MODULE, "--login", "--pin", "1234", "--keypairgen",
                "--key-type", "EC:prime256v1", "--label", "signing-key", "--id", "02");
    }

    private static void run(Path home, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(home.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void signInTokenVerifyWithExportedPublicKey() {
        Path layout = dir.resolve("layout");
        assertThat(Cli.run("copy", "oci:" + Fixtures.ociLayout() + ":base", "oci:" + layout + ":base").exitCode()).isZero();
        String image = "oci:" + layout + ":base";
        Path pub = dir.resolve("token.pub");

        Cli exported = Cli.run("public-key", "--key", URI, "--outfile", pub.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        for (String format : new String[] {"bundle", "legacy"}) {
            Cli signed = Cli.run("sign", "--key", URI, "--format", format, image);
            assertThat(signed.exitCode()).as(signed.err()).isZero();
        }
        Cli verified = Cli.run("verify", "--key", pub.toString(), image);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains(Fixtures.manifestDigest("base").toString());
        assertThat(verified.out().split("docker-manifest-digest")).hasSize(3); // two signatures, one per format

        Cli wrongPin = Cli.run("sign", "--key", URI.replace("pin-value=1234", "pin-value=0000"), image);
        assertThat(wrongPin.exitCode()).isEqualTo(4);
        assertThat(wrongPin.err().lines()).hasSize(1);
    }
}
