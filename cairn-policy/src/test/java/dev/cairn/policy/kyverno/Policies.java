package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.testing.SignedImages;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small builders for policy and resource YAML in tests. */
final class Policies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Policies() {
    }

    /** A {@code keys} attestor entry for {@code key}, without a transparency log (as the tests' registry has none). */
    static String keyEntry(SigningKeyPair... keys) {
        StringBuilder pem = new StringBuilder();
        for (SigningKeyPair k : keys) {
            pem.append(SignedImages.pem(k)).append('\n');
        }
        return "{keys: {publicKeys: " + quote(pem.toString()) + ", rekor: {ignoreTlog: true}, ctlog: {ignoreSCT: true}}}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ClusterPolicy with one Pod rule {@code verify} and one verifyImages entry given as a YAML flow mapping body. */
    static String clusterPolicy(String name, String verifyImage) {
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: %s
                  annotations:
                    policies.kyverno.io/severity: high
                    policies.kyverno.io/category: Supply Chain
                spec:
                  background: false
                  rules:
                    - name: verify
                      match:
                        any:
                          - resources:
                              kinds: [Pod]
                      verifyImages:
                        - %s
                """.formatted(name, verifyImage);
    }

    static PolicySet load(String... yaml) {
        List<PolicyLoader.Source> sources = new java.util.ArrayList<>();
        for (int i = 0; i < yaml.length; i++) {
            sources.add(new PolicyLoader.Source("policy-" + i + ".yaml", yaml[i].getBytes(StandardCharsets.UTF_8)));
        }
        return PolicyLoader.standard().load(sources);
    }

    static AdmissionResource pod(String namespace, String... images) {
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < images.length; i++) {
            containers.append("    - {name: c").append(i).append(", image: ").append(quote(images[i])).append("}\n");
        }
        return resource("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: %s}
                spec:
                  containers:
                %s""".formatted(namespace, containers));
    }

    static AdmissionResource resource(String yaml) {
        List<JsonNode> docs = PolicyLoader.documents(yaml.getBytes(StandardCharsets.UTF_8), "resource.yaml");
        return AdmissionResource.of(docs.get(0));
    }
}
