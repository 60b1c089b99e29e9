package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ContainerImage;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.PolicyFormat;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;
import dev.cairn.policy.Wildcard;
import dev.cairn.sign.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test-only policy format standing in for Kyverno's until it lands: every image matching
 * {@code spec.images} (a Kyverno wildcard) must carry a signature by {@code spec.key}; passing
 * images are pinned to their digest; {@code spec.action} is {@code Enforce} or {@code Audit}.
 *
 * <pre>
 * apiVersion: test.cairn.dev/v1
 * kind: SignedImages
 * metadata: {name: signed}
 * spec: {images: "127.0.0.1:*", action: Enforce, key: "-----BEGIN PUBLIC KEY-----…"}
 * </pre>
 */
final class SignedImagesFormat implements PolicyFormat {
    @Override
    public boolean reads(String apiVersion, String kind) {
        return apiVersion.equals("test.cairn.dev/v1") && kind.equals("SignedImages");
    }

    @Override
    public ImagePolicy parse(JsonNode document, String source) {
        JsonNode spec = document.path("spec");
        String name = document.path("metadata").path("name").asText("");
        if (name.isEmpty() || !spec.path("key").isTextual()) {
            throw CairnException.invalid(source + ": SignedImages needs metadata.name and spec.key");
        }
        RuleResult.FailureAction action = switch (spec.path("action").asText("Enforce")) {
            case "Enforce" -> RuleResult.FailureAction.ENFORCE;
            case "Audit" -> RuleResult.FailureAction.AUDIT;
            default -> throw CairnException.invalid(source + ": spec.action must be Enforce or Audit");
        };
        return new Policy(name, spec.path("images").asText("*"), TrustedKey.fromPem(spec.path("key").asText(), source), action);
    }

    record Policy(String name, String images, TrustedKey key, RuleResult.FailureAction action) implements ImagePolicy {
        private static final String RULE = "signed";

        @Override
        public String kind() {
            return "SignedImages";
        }

        @Override
        public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
            List<RuleResult> results = new ArrayList<>();
            for (ContainerImage image : PodImages.toVerify(resource)) {
                if (Wildcard.matches(images, image.image())) {
                    results.add(check(image, verifications));
                }
            }
            return results;
        }

        private RuleResult check(ContainerImage image, Verifications verifications) {
            try {
                ImageRef ref = ImageRef.parse(image.image());
                Digest digest = verifications.resolve(ref);
                Verdict<Verdict.Signature> verdict = verifications.signatures(ref, digest, key, Map.of());
                if (!verdict.ok()) {
                    return result(image, RuleResult.Status.FAIL, verdict.failureMessage("signature by " + key), Optional.empty());
                }
                Optional<RuleResult.ImagePatch> pin = ref.digest().isPresent() ? Optional.empty()
                        : Optional.of(new RuleResult.ImagePatch(image.pointer(), image.image() + "@" + digest));
                return result(image, RuleResult.Status.PASS, "signed by " + key, pin);
            } catch (CairnException e) {
                return result(image, RuleResult.Status.ERROR, e.getMessage(), Optional.empty());
            }
        }

        private RuleResult result(ContainerImage image, RuleResult.Status status, String message, Optional<RuleResult.ImagePatch> patch) {
            return new RuleResult(name, RULE, Optional.of(image.image()), status, message, action, patch);
        }
    }
}
