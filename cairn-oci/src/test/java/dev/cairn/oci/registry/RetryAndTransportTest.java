package dev.cairn.oci.registry;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.testing.RegistryFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries against a small in-test HTTP server that fails on purpose, and the plain-HTTP rule. */
class RetryAndTransportTest {
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers {@code failures} times with {@code status} (and Retry-After if given), then the manifest. */
    private String serve(InetAddress address, int failures, int status, Optional<String> retryAfter, AtomicInteger calls) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/v2/", exchange -> {
            int n = calls.incrementAndGet();
            if (n <= failures) {
                retryAfter.ifPresent(v -> exchange.getResponseHeaders().add("Retry-After", v));
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_INDEX);
                exchange.sendResponseHeaders(200, MANIFEST.length);
                exchange.getResponseBody().write(MANIFEST);
            }
            exchange.close();
        });
        server.start();
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getAddress().getPort();
    }

    private static RegistryStore store(String host, OciOptions options) {
        return new RegistryStore(new RegistryClient(host, Credentials.anonymous(), Optional.empty(), options), "demo/app");
    }

    @Test
    void retriesOn503ThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = serve(InetAddress.getLoopbackAddress(), 2, 503, Optional.empty(), calls);
        Optional<ManifestBlob> m = store(host, RegistryFixture.options()).manifest("latest");
        assertThat(m).isPresent();
        assertThat(calls).hasValue(3);
    }

    @Test
    void honoursRetryAfterOn429UpToTheCap() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = serve(InetAddress.getLoopbackAddress(), 1, 429, Optional.of("3600"), calls);
        OciOptions options = RegistryFixture.options().withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertThat(store(host, options).manifest("latest")).isPresent();
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(waited).isBetween(290L, 3000L);
        assertThat(calls).hasValue(2);
    }

    @Test
    void givesUpAfterBoundedAttemptsWithAClearMessage() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = serve(InetAddress.getLoopbackAddress(), 100, 503, Optional.empty(), calls);
        assertThatThrownBy(() -> store(host, RegistryFixture.options()).manifest("latest")).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.IO);
            assertThat(e.getMessage()).isEqualTo(host + "/demo/app: manifest latest failed with HTTP 503 after 4 attempts");
        });
        assertThat(calls).hasValue(4);
    }

    @Test
    void plainHttpIsOnlyForLoopbackUnlessAllowed() {
        assertThat(Transport.schemes("127.0.0.1:5000", false)).containsExactly("http");
        assertThat(Transport.schemes("localhost:5000", false)).containsExactly("http");
        assertThat(Transport.schemes("[::1]:5000", false)).containsExactly("http");
        assertThat(Transport.schemes("registry.example.com", false)).containsExactly("https");
        assertThat(Transport.schemes("127.0.0.1.evil.example", false)).containsExactly("https");
        assertThat(Transport.schemes("registry.example.com", true)).containsExactly("https", "http");
        assertThat(Transport.allowed(java.net.URI.create("http://auth.example/token"), false)).isFalse();
        assertThat(Transport.allowed(java.net.URI.create("http://127.0.0.1:9/token"), false)).isTrue();
    }

    /**
     * 0.0.0.0 reaches this machine's wildcard listener, yet it is not a loopback name, so it stands
     * in for a remote registry that speaks plain HTTP (the sandbox may filter its own interface addresses).
     */
    @Test
    void insecureHttpIsRefusedForANonLoopbackHost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = serve(InetAddress.getByName("0.0.0.0"), 0, 200, Optional.empty(), calls);
        assertThat(Transport.isLoopback(host)).isFalse();
        OciOptions quick = RegistryFixture.options().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(20)));
        assertThatThrownBy(() -> store(host, quick).manifest("latest"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("--allow-insecure-registry");
        assertThat(calls).hasValue(0);
        // explicitly allowed: HTTPS is tried first, then plain HTTP works
        assertThat(store(host, quick.withAllowInsecureRegistry(true)).manifest("latest")).isPresent();
        assertThat(calls).hasValue(1);
    }
}
