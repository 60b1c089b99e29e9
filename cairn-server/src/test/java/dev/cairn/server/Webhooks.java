package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.Verifications;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Test helpers: AdmissionReview JSON as the API server sends it, a running server, and an HTTPS client that trusts it. */
final class Webhooks {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TlsMaterial TLS = TlsMaterial.selfSigned(List.of("localhost"), List.of("127.0.0.1"));
    static final HttpClient CLIENT = HttpClient.newBuilder().sslContext(trusting(TLS)).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Webhooks() {
    }

    /**
     * A Kyverno ClusterPolicy {@code name} with one Pod rule {@code signed}: images matching
     * {@code images} must carry a signature by {@code key} in cosign's legacy layout (Kyverno's
     * default {@code type: Cosign}), no transparency log. {@code Enforce} pins digests; {@code Audit}
     * cannot (Kyverno refuses {@code mutateDigest} with Audit), so it also turns {@code verifyDigest}
     * off, or every tag would warn "missing digest".
     */
    static String policy(String name, String images, SigningKeyPair key, String action) {
        String pem = PublicKeys.toPem(key.publicKey()).strip().indent(24).stripTrailing();
        String digest = action.equals("Audit") ? "mutateDigest: false\n          verifyDigest: false" : "mutateDigest: true";
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: %s
                spec:
                  background: false
                  rules:
                    - name: signed
                      match:
                        any:
                          - resources:
                              kinds: [Pod]
                      verifyImages:
                        - imageReferences: ["%s"]
                          failureAction: %s
                          %s
                          attestors:
                            - entries:
                                - keys:
                                    publicKeys: |-
                %s
                                    rekor: {ignoreTlog: true}
                                    ctlog: {ignoreSCT: true}
                """.formatted(name, images, action, digest, pem);
    }

    static Path writePolicy(Path dir, String file, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server with every policy format ({@link PolicyLoader#standard()}) under the policies in {@code policyDir}. */
    static AdmissionServer start(Path policyDir, Verifications registries, UnaryOperator<ServerConfig> tune) {
        ServerConfig config = tune.apply(ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(policyDir), ServingCertificate.of(TLS))
                .withReloadInterval(Duration.ofHours(1))); // tests reload explicitly
        return AdmissionServer.start(config, PolicyLoader.standard(), registries,
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    static ObjectNode pod(String name, String... images) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", "default");
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < images.length; i++) {
            containers.addObject().put("name", "c" + i).put("image", images[i]);
        }
        return pod;
    }

    static ObjectNode deployment(String name, String image) {
        ObjectNode d = JSON.createObjectNode();
        d.put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name).put("namespace", "default");
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", 2);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        ObjectNode podSpec = template.putObject("spec");
        podSpec.putArray("initContainers").addObject().put("name", "init").put("image", image);
        podSpec.putArray("containers").addObject().put("name", "app").put("image", image);
        return d;
    }

    /** An AdmissionReview request as the API server sends it. */
    static ObjectNode review(String operation, JsonNode object, JsonNode oldObject, boolean dryRun) {
        String kind = object.path("kind").asText();
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String resource = kind.toLowerCase() + "s";
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.putObject("requestKind").put("group", group).put("version", version).put("kind", kind);
        request.put("name", object.path("metadata").path("name").asText());
        request.put("namespace", "default");
        request.put("operation", operation);
        request.putObject("userInfo").put("username", "kubernetes-admin").putArray("groups").add("system:masters");
        request.set("object", object);
        request.set("oldObject", oldObject == null ? JSON.nullNode() : oldObject);
        request.put("dryRun", dryRun);
        request.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", operation.equals("UPDATE") ? "UpdateOptions" : "CreateOptions");
        return review;
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode response() {
            return json().path("response");
        }

        boolean allowed() {
            return response().path("allowed").asBoolean();
        }

        String message() {
            return response().path("status").path("message").asText();
        }

        /** The decoded JSONPatch, or an empty array. */
        JsonNode patch() {
            String p = response().path("patch").asText("");
            try {
                return p.isEmpty() ? JSON.createArrayNode() : JSON.readTree(Base64.getDecoder().decode(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Answer post(AdmissionServer server, String path, JsonNode review) {
        return post(server, path, review.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    static Answer post(AdmissionServer server, String path, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(request);
    }

    static Answer get(AdmissionServer server, String path) {
        return send(HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(AdmissionServer server, String path) {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    }

    static SSLContext trusting(TlsMaterial tls) {
        return tls.trustingClientContext();
    }
}
