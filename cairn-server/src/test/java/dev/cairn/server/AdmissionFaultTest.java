package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.registry.RetryPolicy;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.io.RegistryVerifications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.cairn.server.Webhooks.pod;
import static dev.cairn.server.Webhooks.post;
import static dev.cairn.server.Webhooks.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registries that are down, silent or talk garbage; policy files that break; requests that are too
 * big or not JSON. Under a Kyverno ClusterPolicy ({@link Webhooks#policy}) for every image ({@code *}).
 */
class AdmissionFaultTest {
    static final SigningKeyPair KEY = SigningKeyPair.generate();
    /** Short client timeouts so abandoned background calls end soon after a test. */
    static final OciOptions OPTIONS = OciOptions.defaults()
            .withRetry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1)))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(4));

    @TempDir
    Path dir;
    AdmissionServer server;
    final List<AutoCloseable> closeables = new ArrayList<>();

    private AdmissionServer start(String action, UnaryOperator<ServerConfig> tune) {
        Webhooks.writePolicy(dir, "policy.yaml", Webhooks.policy("require-signed", "*", KEY, action));
        server = Webhooks.start(dir, new RegistryVerifications(OPTIONS), tune);
        return server;
    }

    private AdmissionServer start() {
        return start("Enforce", c -> c);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void registryDownIsADenialNamingTheRegistry() throws IOException {
        start();
        String host = "127.0.0.1:" + closedPort();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).contains("require-signed/signed: " + host + "/demo/app:1: ").contains(host);
        assertThat(server.metrics().decisions(Metrics.Result.ERROR)).isEqualTo(1);
    }

    @Test
    void registryThatNeverAnswersIsADenialAtTheDeadline() throws IOException {
        start("Enforce", c -> c.withDeadline(Duration.ofSeconds(1)));
        String host = "127.0.0.1:" + silentServer();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).isEqualTo("Pod/default/web denied by image policy: require-signed/signed: " + host + "/demo/app:1: failed to verify image "
                + host + "/demo/app:1: registry " + host + " did not answer within 1s (the admission deadline, kept below the webhook timeout)");
    }

    @Test
    void failurePolicyIgnoreAdmitsWithAWarningWhenTheRegistryIsSilent() throws IOException {
        start("Enforce", c -> c.withDeadline(Duration.ofSeconds(1)).withFailurePolicy(FailurePolicy.IGNORE));
        String host = "127.0.0.1:" + silentServer();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("warnings").get(0).asText())
                .contains("did not answer within 1s").endsWith("(admitted: failurePolicy Ignore)");
        assertThat(answer.patch()).isEmpty();
    }

    @Test
    void auditAdmitsWithAWarningWhenTheRegistryIsDown() throws IOException {
        start("Audit", c -> c);
        String host = "127.0.0.1:" + closedPort();
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("warnings").get(0).asText()).contains(host);
    }

    @Test
    void registryAnsweringGarbageIsADenial() throws IOException {
        start();
        String host = "127.0.0.1:" + fakeRegistry(200, "application/vnd.oci.image.manifest.v1+json", "\u0000\u0001 not a manifest {{{");
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false));

        assertThat(answer.allowed()).isFalse();
        assertThat(answer.message()).contains("require-signed/signed: " + host + "/demo/app:1: ");
    }

    @Test
    void invalidPolicyOnStartRefusesToStart() {
        Webhooks.writePolicy(dir, "policy.yaml", "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec: {rules: [\n");

        assertThatThrownBy(() -> Webhooks.start(dir, new RegistryVerifications(OPTIONS), c -> c))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("policy.yaml: not valid YAML or JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void invalidPolicyOnReloadKeepsTheLastGoodSetAndSaysSo() throws IOException {
        start();
        String host = "127.0.0.1:" + closedPort();
        Webhooks.writePolicy(dir, "policy.yaml", "kind: [unterminated\n");

        assertThat(server.policies().reloadIfChanged()).isFalse();
        Webhooks.Answer ready = Webhooks.get(server, "/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).startsWith("ready: 1 policy, generation 1").contains("last reload failed").contains("policy.yaml");
        assertThat(Webhooks.get(server, "/metrics").body()).contains("cairn_policy_reload_errors_total 1").contains("cairn_policy_set_generation 1");
        // still enforcing the last good set
        assertThat(post(server, "/mutate", review("CREATE", pod("web", host + "/demo/app:1"), null, false)).message())
                .contains("require-signed/signed");

        Webhooks.writePolicy(dir, "policy.yaml", Webhooks.policy("fixed", "*", KEY, "Enforce"));
        assertThat(server.policies().reload()).isTrue();
        assertThat(Webhooks.get(server, "/readyz").body()).startsWith("ready: 1 policy, generation 2").doesNotContain("failed");
    }

    @Test
    void tenThousandImagesAreRefusedWithoutVerifyingAny() {
        start();
        String[] images = new String[10_000];
        java.util.Arrays.fill(images, "127.0.0.1:1/demo/app:1");
        Webhooks.Answer answer = post(server, "/mutate", review("CREATE", pod("huge", images), null, false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.allowed()).isFalse();
        assertThat(answer.response().path("status").path("code").asInt()).isEqualTo(400);
        assertThat(answer.message()).contains("more than " + PodImages.MAX_IMAGES + " container images");
        assertThat(server.metrics().registryCalls()).isZero();
    }

    @Test
    void oversizedBodyIs413() {
        start();
        byte[] body = new byte[ServerConfig.DEFAULT_MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        assertThat(post(server, "/mutate", body, "application/json").status()).isEqualTo(413);
    }

    @Test
    void nonJsonContentTypeIs415() {
        start();
        byte[] body = review("CREATE", pod("web", "127.0.0.1:1/a/b:1"), null, false).toString().getBytes(StandardCharsets.UTF_8);

        assertThat(post(server, "/mutate", body, "application/yaml").status()).isEqualTo(415);
        assertThat(post(server, "/validate", body, "text/plain").status()).isEqualTo(415);
        assertThat(post(server, "/validate", body, "application/json; charset=utf-8").status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIs400() {
        start();
        assertThat(post(server, "/mutate", "{\"apiVersion\": ".getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(400);
        assertThat(post(server, "/mutate", "[]".getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(400);
        assertThat(post(server, "/mutate", "{}".getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(400);
    }

    @Test
    void duplicateKeysAreRefusedSoWeReadWhatTheApiServerMeant() {
        start();
        String twice = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\",\"uid\":\"2\"}}";

        assertThat(post(server, "/mutate", twice.getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(400);
    }

    @Test
    void deeplyNestedJsonIs400() {
        start();
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertThat(post(server, "/mutate", deep.getBytes(StandardCharsets.UTF_8), "application/json").status()).isEqualTo(400);
    }

    @Test
    void reviewWithoutUidIs400() {
        start();
        ObjectNode review = review("CREATE", pod("web", "a/b:1"), null, false);
        ((ObjectNode) review.path("request")).remove("uid");

        assertThat(post(server, "/mutate", review).status()).isEqualTo(400);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts connections and never says a word. */
    private int silentServer() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(socket.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        closeables.add(() -> {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        });
        return socket.getLocalPort();
    }

    /** Answers /v2/ with 200 and everything else with {@code status} and this body. */
    private int fakeRegistry(int status, String contentType, String body) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/", exchange -> {
            try (exchange) {
                boolean root = exchange.getRequestURI().getPath().equals("/v2/");
                byte[] bytes = (root ? "{}" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", root ? "application/json" : contentType);
                exchange.sendResponseHeaders(root ? 200 : status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        http.start();
        closeables.add(() -> http.stop(0));
        return http.getAddress().getPort();
    }
}
