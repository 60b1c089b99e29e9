package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.registry.RetryPolicy;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server side of {@code bench/webhook-latency.sh}: a real registry with the fixture image
 * signed as {@code demo/app:1} and {@code distinct} more signed images (the same image with a
 * different manifest annotation, so each has its own digest and signature), all signed in cosign's
 * legacy layout (what a Kyverno policy of the default {@code type: Cosign} reads), and two webhook
 * servers under a Kyverno ClusterPolicy loaded by {@link PolicyLoader#standard()}, as {@code cairn
 * server --policy} loads it: one rule, {@code verifyImages} with a key attestor, Enforce, digests
 * pinned (autogen adds the pod-controller rule, as Kyverno does). One server has the default cache
 * (warm), one has caching disabled (every request resolves the tag and verifies against the
 * registry: cold). Writes {@code ca.crt}, {@code ports}, {@code policy/policy.yaml},
 * {@code warm.json} and {@code cold/NNNN.json} to OUT and runs until killed.
 */
public final class WebhookBenchServer {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int distinct = Integer.parseInt(args[1]);
        Files.createDirectories(out.resolve("cold"));
        RegistryFixture registry = new RegistryFixture();
        registry.start();
        Runtime.getRuntime().addShutdownHook(new Thread(registry::stop));

        SigningKeyPair key = SigningKeyPair.generate();
        ImageSigner signer = new ImageSigner(key.signer(), Clock.systemUTC());
        RegistryStore store = registry.store("demo/app");
        ManifestBlob app = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-1", store, Optional.of("1"));
        signer.sign(new SubjectImage(store, app.descriptor(), store.location()), Map.of(), SignatureFormat.LEGACY);
        ObjectNode manifest = (ObjectNode) Webhooks.JSON.readTree(app.bytes());
        for (int i = 0; i < distinct; i++) {
            ObjectNode variant = manifest.deepCopy();
            variant.putObject("annotations").put("dev.cairn.bench", Integer.toString(i));
            ManifestBlob blob = ManifestBlob.of(Webhooks.JSON.writeValueAsBytes(variant), app.mediaType());
            String tag = String.format("cold-%04d", i);
            store.putManifest(blob, Optional.of(tag));
            signer.sign(new SubjectImage(store, blob.descriptor(), store.location()), Map.of(), SignatureFormat.LEGACY);
            write(out.resolve("cold").resolve(String.format("%04d.json", i)),
                    Webhooks.review("CREATE", Webhooks.pod("cold-" + i, registry.host() + "/demo/app:" + tag), null, false).toString());
        }
        write(out.resolve("warm.json"), Webhooks.review("CREATE", Webhooks.pod("warm", registry.host() + "/demo/app:1"), null, false).toString());
        Webhooks.writePolicy(out.resolve("policy"), "policy.yaml", Webhooks.policy("require-signed", registry.host() + "/*", key, "Enforce"));

        TlsMaterial tls = TlsMaterial.selfSigned(List.of("localhost"), List.of("127.0.0.1"));
        write(out.resolve("ca.crt"), tls.certificatePem());
        OciOptions options = OciOptions.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        PolicyLoader loader = PolicyLoader.standard();
        PrintStream log = new PrintStream(System.err, false, StandardCharsets.UTF_8);
        ServerConfig warmConfig = ServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(out.resolve("policy")), ServingCertificate.of(tls));
        AdmissionServer warm = AdmissionServer.start(warmConfig, loader, new RegistryVerifications(options), log);
        AdmissionServer cold = AdmissionServer.start(warmConfig.withCache(CacheSettings.disabled()), loader, new RegistryVerifications(options), log);
        write(out.resolve("ports"), "WARM_PORT=" + warm.address().getPort() + "\nCOLD_PORT=" + cold.address().getPort() + "\n");
        System.out.println("ready");
        Thread.currentThread().join();
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
