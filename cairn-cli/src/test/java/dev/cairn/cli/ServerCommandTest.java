package dev.cairn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** `cairn server` refuses bad input with one line and the documented exit code, before binding a port. */
class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingPolicyPathIsNotFound() {
        Cli cli = Cli.run("server", "--policy", dir.resolve("nope").toString(), "--tls-out", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(6);
        assertThat(cli.err()).contains("cairn: error: no policy file or directory");
    }

    @Test
    void invalidPolicyRefusesToStart() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "kind: [unterminated\n");
        Cli cli = Cli.run("server", "--policy", dir.resolve("bad.yaml").toString(), "--tls-out", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err().lines().filter(l -> l.startsWith("cairn: error:"))).singleElement().asString().contains("bad.yaml");
        assertThat(dir.resolve("ca.crt")).as("a server that did not start publishes no certificate").doesNotExist();
    }

    /** The self-signed certificate (the webhook's caBundle) is written once the server listens. */
    @Test
    void aStartedServerPublishesItsCertificate() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Path out = dir.resolve("tls");
        // The server runs until the JVM exits; a daemon thread does not keep the test run alive.
        Thread.ofPlatform().daemon().start(() -> Cli.run("server", "--policy", policies.toString(), "--listen", "127.0.0.1:0",
                "--tls-out", out.toString()));
        Path ca = out.resolve("ca.crt");
        for (int i = 0; i < 300 && !Files.exists(ca); i++) {
            Thread.sleep(100);
        }
        assertThat(ca).exists();
        assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void deadlineAtOrAboveTheWebhookTimeoutIsRefused() {
        Cli cli = Cli.run("server", "--policy", dir.toString(), "--deadline", "30s", "--tls-out", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err()).contains("--deadline must be positive and below 29s");
    }

    @Test
    void badListenAndFailurePolicyAreUsageErrors() {
        assertThat(Cli.run("server", "--policy", dir.toString(), "--listen", "nowhere", "--tls-out", dir.toString()).exitCode()).isEqualTo(3);
        assertThat(Cli.run("server", "--policy", dir.toString(), "--failure-policy", "Maybe", "--tls-out", dir.toString()).exitCode()).isEqualTo(3);
        assertThat(Cli.run("server", "--policy", dir.toString(), "--cache-ttl", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void policiesMustComeFromSomewhere() {
        Cli cli = Cli.run("server", "--tls-out", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err()).contains("give --policy FILE_OR_DIR..., --policy-from-cluster, or both");
        assertThat(dir.resolve("ca.crt")).as("options are checked before a certificate is made").doesNotExist();
    }

    @Test
    void clusterFlagsAreCheckedBeforeStarting() {
        Cli partial = Cli.run("server", "--kube-api", "https://127.0.0.1:6443", "--tls-out", dir.toString());
        assertThat(partial.exitCode()).isEqualTo(3);
        assertThat(partial.err()).contains("--kube-api, --kube-token-file and --kube-ca-file go together");

        Cli plain = Cli.run("server", "--kube-api", "http://127.0.0.1:6443", "--kube-token-file", dir.resolve("t").toString(),
                "--kube-ca-file", dir.resolve("ca").toString(), "--tls-out", dir.toString());
        assertThat(plain.exitCode()).isEqualTo(3);
        assertThat(plain.err()).contains("must be an https:// URL");

        // an unreachable API server at start: refuse to start, as with a policy file that does not load
        Cli down = Cli.run("server", "--kube-api", "https://127.0.0.1:1", "--kube-token-file", write("t", "token"),
                "--kube-ca-file", write("ca.crt", dev.cairn.server.TlsMaterial.selfSigned(java.util.List.of("localhost"), java.util.List.of()).certificatePem()),
                "--tls-out", dir.toString());
        assertThat(down.exitCode()).isNotZero();
        assertThat(down.err()).contains("cannot reach the Kubernetes API server at https://127.0.0.1:1");
    }

    private String write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void durations() {
        ServerCommand.DurationConverter d = new ServerCommand.DurationConverter();
        assertThat(d.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(d.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }
}
