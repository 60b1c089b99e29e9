package dev.cairn.oci.registry;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.testing.RegistryFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bearer dance against an in-test registry + token service (one com.sun HttpServer): 401 with
 * a challenge, token fetched with Basic credentials for the call's scope, token reused per scope.
 * (Distribution's own {@code auth: token} with a signed JWT is not exercised yet.)
 */
class BearerFlowTest {
    private static final byte[] INDEX = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8);
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesATokenForTheScopeAndReusesIt() throws Exception {
        List<String> tokenQueries = new CopyOnWriteArrayList<>();
        List<String> tokenAuth = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", ex -> {
            tokenQueries.add(ex.getRequestURI().getRawQuery());
            tokenAuth.add(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"token\":\"tok-123\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer tok-123".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + server.getAddress().getPort()
                        + "/token\",service=\"test-registry\",scope=\"repository:demo/app:pull\"");
                ex.sendResponseHeaders(401, -1);
            } else {
                ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_INDEX);
                ex.sendResponseHeaders(200, INDEX.length);
                ex.getResponseBody().write(INDEX);
            }
            ex.close();
        });
        server.start();
        String host = "127.0.0.1:" + server.getAddress().getPort();
        RegistryStore store = new RegistryStore(new RegistryClient(host, new Credentials.Basic("u", "p"), Optional.empty(), RegistryFixture.options()), "demo/app");
        assertThat(store.manifest("a")).isPresent();
        assertThat(store.manifest("b")).isPresent();
        assertThat(tokenQueries).containsExactly("service=test-registry&scope=repository%3Ademo%2Fapp%3Apull");
        assertThat(tokenAuth).containsExactly(new Credentials.Basic("u", "p").header());
    }
}
