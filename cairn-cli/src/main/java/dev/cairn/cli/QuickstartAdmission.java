package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.model.CairnException;
import dev.cairn.model.ImageRef;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.server.AdmissionServer;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.ServingCertificate;
import dev.cairn.server.TlsMaterial;
import dev.cairn.sign.wire.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The quickstart's admission step: {@code cairn server} on loopback with a Kyverno ClusterPolicy
 * requiring the quickstart key's signature, asked about two Pods by real AdmissionReview requests
 * over HTTPS. No registry runs: the OCI layout answers for {@value #REPOSITORY}.
 */
final class QuickstartAdmission {
    static final String REPOSITORY = "quickstart.local/demo/app";

    /** What the webhook answered for one Pod. */
    record Answer(String image, boolean allowed, String message, List<String> pinned) {
    }

    private QuickstartAdmission() {
    }

    /** Starts the server, asks about a Pod running each image, stops the server. */
    static List<Answer> run(Path work, Path layoutDir, PublicKey key, List<String> images) throws IOException, InterruptedException {
        Path policy = Files.writeString(work.resolve("policy.yaml"), policy(key), StandardCharsets.UTF_8);
        RegistryVerifications layoutAsRegistry = new RegistryVerifications((ImageRef ref) -> {
            if (!(ref.registry() + "/" + ref.repository()).equals(REPOSITORY)) {
                throw CairnException.notFound("the quickstart serves only " + REPOSITORY + ", not " + ref.registry() + "/" + ref.repository());
            }
            return OciLayout.at(layoutDir);
        });
        TlsMaterial tls = TlsMaterial.selfSigned(List.of("localhost"), List.of("127.0.0.1"));
        ServerConfig config = ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(policy), ServingCertificate.of(tls));
        HttpClient client = HttpClient.newBuilder().sslContext(tls.trustingClientContext()).connectTimeout(Duration.ofSeconds(5)).build();
        try (AdmissionServer server = AdmissionServer.start(config, PolicyLoader.standard(), layoutAsRegistry, new PrintStream(OutputStream.nullOutputStream()))) {
            URI mutate = URI.create("https://127.0.0.1:" + server.address().getPort() + "/mutate");
            List<Answer> answers = new java.util.ArrayList<>();
            for (String image : images) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(mutate).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(review(image).toString())).build(), HttpResponse.BodyHandlers.ofString());
                answers.add(answer(image, Json.object(response.body().getBytes(StandardCharsets.UTF_8), "AdmissionReview response")));
            }
            return answers;
        }
    }

    /** A Kyverno ClusterPolicy as users write it: Enforce, the quickstart's public key, digests pinned. */
    private static String policy(PublicKey key) {
        String pem = PublicKeys.toPem(key).strip().replace("\n", "\n                      ");
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: quickstart-signed-images
                spec:
                  rules:
                    - name: require-quickstart-signature
                      match:
                        any:
                          - resources:
                              kinds: [Pod]
                      verifyImages:
                        - imageReferences: ["%s*"]
                          failureAction: Enforce
                          mutateDigest: true
                          attestors:
                            - entries:
                                - keys:
                                    publicKeys: |-
                                      %s
                                    rekor:
                                      ignoreTlog: true
                """.formatted(REPOSITORY, pem);
    }

    private static ObjectNode review(String image) {
        String name = image.substring(image.lastIndexOf(':') + 1) + "-pod";
        ObjectNode review = Json.MAPPER.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.put("name", name).put("namespace", "default").put("operation", "CREATE").put("dryRun", false);
        request.putObject("userInfo").put("username", "quickstart");
        ObjectNode pod = request.putObject("object").put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", "default");
        pod.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", image);
        return review;
    }

    private static Answer answer(String image, JsonNode review) {
        JsonNode response = review.path("response");
        List<String> pinned = new java.util.ArrayList<>();
        String patch = response.path("patch").asText("");
        if (!patch.isEmpty()) {
            try {
                Json.MAPPER.readTree(Base64.getDecoder().decode(patch)).forEach(op -> pinned.add(op.path("value").asText()));
            } catch (IOException e) {
                throw CairnException.invalid("the webhook answered with a patch that is not JSON: " + e.getMessage());
            }
        }
        return new Answer(image, response.path("allowed").asBoolean(false), response.path("status").path("message").asText(""), pinned);
    }
}
