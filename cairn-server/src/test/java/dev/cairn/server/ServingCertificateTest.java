package dev.cairn.server;

import dev.cairn.crypto.Pem;
import dev.cairn.crypto.PemBlock;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.oci.OciOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --tls-cert/--tls-key: served as given, and picked up again when cert-manager renews them. */
class ServingCertificateTest {
    @TempDir
    Path dir;

    @Test
    void renewedCertificateIsServedWithoutARestart() throws Exception {
        TlsMaterial first = TlsMaterial.selfSigned(List.of("localhost"), List.of("127.0.0.1"));
        TlsMaterial second = TlsMaterial.selfSigned(List.of("localhost"), List.of("127.0.0.1"));
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        write(first, cert, key);
        Files.createDirectories(dir.resolve("policies"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServingCertificate serving = ServingCertificate.fromFiles(cert, key, new PrintStream(log, true)::println);
        ServerConfig config = ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(dir.resolve("policies")), serving);
        try (AdmissionServer server = AdmissionServer.start(config, new PolicyLoader(List.of()), new RegistryVerifications(OciOptions.defaults()),
                new PrintStream(log, true))) {
            assertThat(healthz(server, Webhooks.trusting(first))).isEqualTo(200);

            write(second, cert, key);
            serving.checkSoon();

            assertThat(healthz(server, Webhooks.trusting(second))).isEqualTo(200);
            assertThat(serving.current().chain().getFirst()).isEqualTo(second.chain().getFirst());
            assertThat(log.toString()).contains("serving certificate reloaded");
        }
    }

    @Test
    void keyFileThatIsNotAKeyIsAOneLineError() throws IOException {
        TlsMaterial tls = TlsMaterial.selfSigned(List.of("localhost"), List.of());
        Path cert = dir.resolve("tls.crt");
        Files.writeString(cert, tls.certificatePem());

        assertThatThrownBy(() -> ServingCertificate.fromFiles(cert, cert, s -> { }))
                .isInstanceOf(CairnException.class).hasMessageContaining("tls.crt").hasMessageNotContaining("\n");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws IOException {
        TlsMaterial one = TlsMaterial.selfSigned(List.of("localhost"), List.of());
        TlsMaterial other = TlsMaterial.selfSigned(List.of("localhost"), List.of());
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, one.certificatePem());
        Files.writeString(key, Pem.encode(new PemBlock("PRIVATE KEY", other.key().getEncoded())));

        assertThatThrownBy(() -> ServingCertificate.fromFiles(cert, key, s -> { }))
                .isInstanceOf(CairnException.class).hasMessageContaining("is not the key of the certificate");
    }

    private static void write(TlsMaterial tls, Path cert, Path key) throws IOException {
        Files.writeString(cert, tls.certificatePem());
        Files.writeString(key, Pem.encode(new PemBlock("PRIVATE KEY", tls.key().getEncoded())));
    }

    private static int healthz(AdmissionServer server, SSLContext trust) throws Exception {
        // a fresh client: a new TLS handshake, not a resumed session
        HttpClient client = HttpClient.newBuilder().sslContext(trust).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.address().getPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
