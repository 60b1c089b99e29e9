package dev.cairn.policy.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.registry.RegistryStore;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test set-up for the policy-controller and ImageValidatingPolicy tests: fixture images pushed to a
 * real loopback registry, signed and attested in either cosign layout with fresh keys, and Pods
 * that run them. (Named apart from the Kyverno tests' SignedImages so the branches merge cleanly.)
 */
public final class SigstoreFixture {
    public static final SigningKeyPair KEY = SigningKeyPair.generate();
    public static final SigningKeyPair OTHER_KEY = SigningKeyPair.generate();
    public static final ObjectMapper JSON = new ObjectMapper();

    private SigstoreFixture() {
    }

    /** An image in the registry: {@code reference} is {@code 127.0.0.1:PORT/repo:tag}, as a Pod would name it. */
    public record Pushed(SubjectImage subject, String reference, Digest digest) {
        public String byDigest() {
            return reference.substring(0, reference.lastIndexOf(':')) + "@" + digest;
        }
    }

    /** Copies fixture image {@code fixture} (base, app-1, app-2) to {@code repository:fixture}. */
    public static Pushed push(RegistryFixture registry, String repository, String fixture) {
        return push(registry, repository, fixture, fixture);
    }

    public static Pushed push(RegistryFixture registry, String repository, String fixture, String tag) {
        RegistryStore store = registry.store(repository);
        ManifestBlob copied = ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), fixture, store, Optional.of(tag));
        SubjectImage subject = new SubjectImage(store, copied.descriptor(), store.location());
        return new Pushed(subject, registry.host() + "/" + repository + ":" + tag, copied.descriptor().digest());
    }

    public static void sign(Pushed image, SigningKeyPair key, SignatureFormat format) {
        new ImageSigner(key.signer(), Clock.systemUTC()).sign(image.subject(), Map.of(), format);
    }

    public static void attest(Pushed image, SigningKeyPair key, String type, JsonNode predicate, SignatureFormat format) {
        new ImageSigner(key.signer(), Clock.systemUTC()).attest(image.subject(), PredicateTypes.resolve(type), predicate, format);
    }

    public static JsonNode slsaProvenance() {
        return json("""
                {"buildDefinition": {"buildType": "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                  "externalParameters": {"workflow": {"repository": "https://github.com/example/app", "ref": "refs/heads/main"}}},
                 "runDetails": {"builder": {"id": "https://github.com/actions/runner"}}}""");
    }

    public static JsonNode cycloneDx() {
        return json("""
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "left-pad", "version": "1.3.0"}]}""");
    }

    public static String pem(SigningKeyPair key) {
        return PublicKeys.toPem(key.publicKey());
    }

    /** The key's PEM indented for a YAML block scalar at {@code indent} spaces. */
    public static String pemBlock(SigningKeyPair key, int indent) {
        String pad = " ".repeat(indent);
        return pad + pem(key).strip().replace("\n", "\n" + pad);
    }

    public static RegistryVerifications verifications() {
        return new RegistryVerifications(RegistryFixture.options());
    }

    public static PolicySet load(String yaml) {
        return PolicyLoader.standard().load(List.of(new PolicyLoader.Source("test.yaml", yaml.getBytes(StandardCharsets.UTF_8))));
    }

    /** A Pod in namespace {@code default} running {@code images} as containers c0, c1, …. */
    public static AdmissionResource pod(String... images) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "web").put("namespace", "default").putObject("labels").put("app", "web");
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < images.length; i++) {
            containers.addObject().put("name", "c" + i).put("image", images[i]);
        }
        return AdmissionResource.of(pod);
    }

    /** A Deployment (apps/v1) whose pod template runs {@code images}. */
    public static AdmissionResource deployment(String... images) {
        ObjectNode deployment = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "web").put("namespace", "default");
        ObjectNode template = deployment.putObject("spec").putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "web");
        ArrayNode containers = template.putObject("spec").putArray("containers");
        for (int i = 0; i < images.length; i++) {
            containers.addObject().put("name", "c" + i).put("image", images[i]);
        }
        return AdmissionResource.of(deployment);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
