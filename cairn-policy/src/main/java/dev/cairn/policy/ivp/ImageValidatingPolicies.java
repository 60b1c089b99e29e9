package dev.cairn.policy.ivp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ContainerImage;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.KindResources;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.RuleResult.Status;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.policy.Verifications;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelLateFunctionBindings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All ImageValidatingPolicies of a set, evaluated against one resource the way Kyverno's two
 * webhooks see it:
 * <ol>
 *   <li><b>mutation</b>, every policy in turn: for each selected image without a digest, resolve the
 *       tag and pin it ({@code mutateDigest}, default true) — later policies and all validations see
 *       the pinned object, as the validating webhook sees the mutated one;</li>
 *   <li><b>validation</b>, every policy: {@code matchConstraints}, {@code matchConditions},
 *       images (pod containers, plus {@code images} extractors) filtered by
 *       {@code matchImageReferences}, {@code verifyDigest}, then {@code validations} in order — the
 *       first false one fails the policy with its message;</li>
 *   <li><b>required</b> (default true): a policy that passed fails if one of its images was not
 *       verified by some signature or attestation check of any policy in the request.</li>
 * </ol>
 * One result per policy (rule {@code validate}), plus one per pinned image carrying the patch.
 * Images that did not change on UPDATE are not re-verified, as everywhere in Cairn.
 */
public final class ImageValidatingPolicies implements ImagePolicy {
    static final String VALIDATE = "validate";
    static final String MUTATE = "mutateDigest";

    private final List<ImageValidatingPolicy> policies;

    public ImageValidatingPolicies(List<ImageValidatingPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    public List<ImageValidatingPolicy> policies() {
        return policies;
    }

    @Override
    public String kind() {
        return ImageValidatingPolicy.KIND;
    }

    @Override
    public String name() {
        return "kyverno-image-validating-policies";
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        List<RuleResult> results = new ArrayList<>();
        ImageFunctions functions = new ImageFunctions(verifications);
        Set<String> toVerify = new LinkedHashSet<>();
        PodImages.toVerify(resource).forEach(c -> toVerify.add(c.pointer()));

        ObjectNode mutated = resource.object().deepCopy();
        for (ImageValidatingPolicy policy : policies) {
            results.addAll(mutate(policy, resource, mutated, toVerify, verifications));
        }
        AdmissionResource admitted = new AdmissionResource(resource.apiVersion(), resource.kind(), resource.namespace(), resource.name(),
                resource.operation(), mutated, resource.oldObject(), resource.dryRun());

        Map<ImageValidatingPolicy, List<String>> passed = new LinkedHashMap<>();
        Map<ImageValidatingPolicy, Integer> resultIndex = new LinkedHashMap<>();
        for (ImageValidatingPolicy policy : policies) {
            Optional<Outcome> outcome = validate(policy, admitted, toVerify, functions);
            if (outcome.isEmpty()) {
                continue;
            }
            Outcome o = outcome.get();
            resultIndex.put(policy, results.size());
            results.add(result(policy, o.status(), o.message()));
            if (o.status() == Status.PASS) {
                passed.put(policy, o.images());
            }
        }
        // required is checked only after every policy ran: the evidence may come from a later one
        passed.forEach((policy, images) -> {
            if (!policy.required()) {
                return;
            }
            for (String image : images) {
                Optional<Boolean> status = functions.status(image);
                if (status.orElse(false)) {
                    continue;
                }
                String message = status.isPresent() ? "image " + image + " failed signature or attestation verification"
                        : "image " + image + " is not verified: no policy performed a signature or attestation check on it";
                results.set(resultIndex.get(policy), result(policy, Status.FAIL, message));
                return;
            }
        });
        return results;
    }

    private record Outcome(Status status, String message, List<String> images) {
    }

    /** Pins the policy's selected, still-unpinned container images in {@code mutated}; one result per image. */
    private List<RuleResult> mutate(ImageValidatingPolicy policy, AdmissionResource original, ObjectNode mutated, Set<String> toVerify,
                                    Verifications verifications) {
        if (!policy.mutateDigest()) {
            return List.of();
        }
        List<RuleResult> results = new ArrayList<>();
        try {
            AdmissionResource current = withObject(original, mutated);
            Optional<Scope> scope = scope(policy, current);
            if (scope.isEmpty() || !matchConditions(policy, scope.get())) {
                return List.of();
            }
            ImageMatching matching = new ImageMatching(policy.matchImageReferences());
            for (ContainerImage container : PodImages.all(current.kind(), mutated)) {
                if (!toVerify.contains(container.pointer()) || container.image().contains("@") || !matching.matches(container.image())) {
                    continue;
                }
                try {
                    Digest digest = verifications.resolve(ImageRef.parse(container.image()));
                    String pinned = KyvernoImageName.withRegistryAndTag(container.image()) + "@" + digest;
                    int slash = container.pointer().lastIndexOf('/');
                    // the field is "image" for containers and "reference" for image volumes
                    ((ObjectNode) mutated.at(container.pointer().substring(0, slash))).put(container.pointer().substring(slash + 1), pinned);
                    results.add(new RuleResult(policy.name(), MUTATE, Optional.of(container.image()), Status.PASS, "pinned to " + digest,
                            policy.action(), Optional.of(new RuleResult.ImagePatch(container.pointer(), pinned))));
                } catch (CairnException e) {
                    results.add(new RuleResult(policy.name(), MUTATE, Optional.of(container.image()), Status.ERROR,
                            "failed to resolve digest for image " + container.image() + ": " + e.getMessage(), errorAction(policy), Optional.empty()));
                }
            }
        } catch (CelEvaluationException | CairnException e) {
            results.add(result(policy, Status.ERROR, oneLine(e.getMessage())));
        }
        return results;
    }

    private Optional<Outcome> validate(ImageValidatingPolicy policy, AdmissionResource resource, Set<String> toVerify, ImageFunctions functions) {
        try {
            Optional<Scope> scope = scope(policy, resource);
            if (scope.isEmpty() || !matchConditions(policy, scope.get())) {
                return Optional.empty();
            }
            Map<String, Object> vars = new LinkedHashMap<>(scope.get().vars());
            ImageMatching matching = new ImageMatching(policy.matchImageReferences());
            Map<String, List<String>> images = images(policy, resource, toVerify, vars);
            List<String> selected = new ArrayList<>();
            Map<String, List<String>> filtered = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> category : images.entrySet()) {
                List<String> kept = new ArrayList<>();
                for (String image : category.getValue()) {
                    if (matching.matches(image)) {
                        kept.add(image);
                        selected.add(image);
                    }
                }
                filtered.put(category.getKey(), kept);
            }
            if (policy.verifyDigest()) {
                for (String image : selected) {
                    if (!image.contains("@")) {
                        return Optional.of(new Outcome(Status.FAIL, "image " + image + " does not have a digest", selected));
                    }
                }
            }
            vars.put("images", filtered);
            Map<String, Object> attestors = new LinkedHashMap<>();
            policy.attestors().keySet().forEach(name -> attestors.put(name, Map.of("name", name)));
            vars.put("attestors", attestors);
            Map<String, String> attestations = new LinkedHashMap<>();
            policy.attestations().keySet().forEach(name -> attestations.put(name, name));
            vars.put("attestations", attestations);
            CelLateFunctionBindings bindings = functions.bindings(policy, matching);
            for (int i = 0; i < policy.validations().size(); i++) {
                ImageValidatingPolicy.Validation validation = policy.validations().get(i);
                Object out = validation.program().eval(vars, bindings);
                if (!Boolean.TRUE.equals(out)) {
                    return Optional.of(new Outcome(Status.FAIL, message(validation, vars, bindings, i), selected));
                }
            }
            return Optional.of(new Outcome(Status.PASS, "all " + policy.validations().size() + " validations passed", selected));
        } catch (CelEvaluationException | CairnException e) {
            return Optional.of(new Outcome(Status.ERROR, oneLine(e.getMessage()), List.of()));
        }
    }

    private static String message(ImageValidatingPolicy.Validation validation, Map<String, Object> vars, CelLateFunctionBindings bindings, int index) {
        String message = validation.message();
        if (validation.messageExpression().isPresent()) {
            try {
                Object out = validation.messageExpression().get().eval(vars, bindings);
                message = out instanceof String s ? s : "failed to convert message expression to string";
            } catch (CelEvaluationException e) {
                message = "failed to evaluate message expression: " + oneLine(e.getMessage());
            }
        }
        return message.isEmpty() ? "CEL expression validation failed at index " + index : message;
    }

    /**
     * The object the policy's expressions see, or empty when matchConstraints leave the resource
     * out. A Pod policy that Kyverno would autogen for controllers sees a controller's pod template
     * as a Pod — what autogen's rewriting of {@code object.spec} and {@code object.metadata} amounts to.
     */
    private record Scope(Map<String, Object> vars) {
    }

    private static Optional<Scope> scope(ImageValidatingPolicy policy, AdmissionResource resource) {
        JsonNode object = resource.object();
        JsonNode oldObject = resource.oldObject().orElse(null);
        if (!policy.match().matches(resource)) {
            Optional<String> template = templatePointer(resource.kind());
            Optional<List<String>> operations = policy.match().autogenOperations();
            if (template.isEmpty() || operations.isEmpty() || !policy.autogen().contains(KindResources.resource(resource.kind()))
                    || !operations.get().contains("*") && !operations.get().contains(resource.operation().name())) {
                return Optional.empty();
            }
            object = asPod(object.at(template.get()));
            oldObject = oldObject == null ? null : asPod(oldObject.at(template.get()));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("object", StatementPolicy.JsonToCel.convert(object));
        vars.put("oldObject", StatementPolicy.JsonToCel.convert(oldObject));
        vars.put("request", request(resource));
        vars.put("namespaceObject", StatementPolicy.JsonToCel.convert(null));
        return Optional.of(new Scope(vars));
    }

    private static Optional<String> templatePointer(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> Optional.of("/spec/template");
            case "CronJob" -> Optional.of("/spec/jobTemplate/spec/template");
            default -> Optional.empty();
        };
    }

    private static JsonNode asPod(JsonNode template) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.set("metadata", template.path("metadata").isObject() ? template.path("metadata").deepCopy() : JsonNodeFactory.instance.objectNode());
        pod.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy() : JsonNodeFactory.instance.objectNode());
        return pod;
    }

    private static Object request(AdmissionResource resource) {
        Map<String, Object> kind = Map.of("group", KindResources.group(resource.apiVersion()),
                "version", KindResources.version(resource.apiVersion()), "kind", resource.kind());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("operation", resource.operation().name());
        request.put("kind", kind);
        request.put("resource", Map.of("group", KindResources.group(resource.apiVersion()),
                "version", KindResources.version(resource.apiVersion()), "resource", KindResources.resource(resource.kind())));
        request.put("namespace", resource.namespace());
        request.put("name", resource.name());
        request.put("dryRun", resource.dryRun());
        return request;
    }

    /** Kyverno's failurePolicy: an error in a match condition denies (Fail) or skips the policy (Ignore). */
    private static boolean matchConditions(ImageValidatingPolicy policy, Scope scope) throws CelEvaluationException {
        List<String> errors = new ArrayList<>();
        for (ImageValidatingPolicy.NamedProgram condition : policy.matchConditions()) {
            try {
                Object out = condition.program().eval(scope.vars());
                if (!(out instanceof Boolean b)) {
                    errors.add(condition.name() + ": not a bool");
                } else if (!b) {
                    return false;
                }
            } catch (CelEvaluationException e) {
                errors.add(condition.name() + ": " + oneLine(e.getMessage()));
            }
        }
        if (errors.isEmpty()) {
            return true;
        }
        if (policy.ignoreFailures()) {
            return false;
        }
        throw new CelEvaluationException("match condition failed: " + String.join("; ", errors));
    }

    /** Pod container images by type (when the resource runs pods), then the policy's own extractors. */
    private static Map<String, List<String>> images(ImageValidatingPolicy policy, AdmissionResource resource, Set<String> toVerify,
                                                    Map<String, Object> vars) throws CelEvaluationException {
        Map<String, List<String>> images = new LinkedHashMap<>();
        if (PodImages.podSpecPointer(resource.kind()).isPresent()) {
            // "volumes" (image volumes) is a Cairn addition to Kyverno's three keys: a mounted image is an input too
            for (String type : List.of("containers", "initContainers", "ephemeralContainers", PodImages.VOLUMES)) {
                images.put(type, new ArrayList<>());
            }
            for (ContainerImage c : PodImages.all(resource.kind(), resource.object())) {
                if (toVerify.contains(c.pointer())) {
                    images.get(c.type()).add(c.image());
                }
            }
        }
        for (Map.Entry<String, dev.cel.runtime.CelRuntime.Program> extractor : policy.imageExtractors().entrySet()) {
            Object out = extractor.getValue().eval(vars);
            if (!(out instanceof List<?> list) || list.size() > PodImages.MAX_IMAGES || !list.stream().allMatch(String.class::isInstance)) {
                throw new CelEvaluationException("image extractor " + extractor.getKey() + " did not return at most "
                        + PodImages.MAX_IMAGES + " strings");
            }
            images.put(extractor.getKey(), list.stream().map(String.class::cast).toList());
        }
        return images;
    }

    private static AdmissionResource withObject(AdmissionResource r, JsonNode object) {
        return new AdmissionResource(r.apiVersion(), r.kind(), r.namespace(), r.name(), r.operation(), object, r.oldObject(), r.dryRun());
    }

    private static RuleResult result(ImageValidatingPolicy policy, Status status, String message) {
        return new RuleResult(policy.name(), VALIDATE, Optional.empty(), status, message,
                status == Status.ERROR ? errorAction(policy) : policy.action(), Optional.empty());
    }

    /** failurePolicy Ignore: an error is reported but does not deny. */
    private static RuleResult.FailureAction errorAction(ImageValidatingPolicy policy) {
        return policy.ignoreFailures() ? RuleResult.FailureAction.AUDIT : policy.action();
    }

    private static String oneLine(String message) {
        return IvpCel.oneLine(message);
    }
}
