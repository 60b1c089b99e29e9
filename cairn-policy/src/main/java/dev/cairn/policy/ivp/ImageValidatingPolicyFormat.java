package dev.cairn.policy.ivp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.policy.DocumentFields;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.LabelSelector;
import dev.cairn.policy.PolicyFormat;
import dev.cairn.policy.TrustedKey;
import dev.cairn.sign.PredicateTypes;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads Kyverno's {@code ImageValidatingPolicy} ({@code policies.kyverno.io/v1alpha1}, {@code v1beta1}
 * and {@code v1}, which share one schema). Everything Cairn cannot enforce exactly is refused with one
 * line naming the field: keyless, certificate and notary attestors; key attestors that would need the
 * transparency log (Kyverno checks Rekor unless {@code ctlog.insecureIgnoreTlog: true});
 * {@code referrer} attestations; KMS keys and key expressions; {@code variables},
 * {@code auditAnnotations}, {@code credentials}; {@code namespaceSelector}; JSON evaluation mode;
 * CEL that uses Kyverno libraries Cairn does not provide.
 */
public final class ImageValidatingPolicyFormat implements PolicyFormat {
    static final String KEYLESS = "keyless verification is not available yet";
    private static final Set<String> API_VERSIONS = Set.of("policies.kyverno.io/v1alpha1", "policies.kyverno.io/v1beta1", "policies.kyverno.io/v1");
    private static final Set<String> AUTOGEN_ALL = Set.of("daemonsets", "deployments", "replicasets", "statefulsets", "jobs", "cronjobs");

    @Override
    public boolean reads(String apiVersion, String kind) {
        return API_VERSIONS.contains(apiVersion) && kind.equals(ImageValidatingPolicy.KIND);
    }

    @Override
    public ImagePolicy parse(JsonNode document, String source) {
        DocumentFields root = DocumentFields.root(document, source);
        root.only(Set.of("apiVersion", "kind", "metadata", "spec", "status"));
        String name = root.object("metadata").requiredString("name");
        DocumentFields spec = root.object("spec");
        spec.only(Set.of("matchConstraints", "matchConditions", "matchImageReferences", "images", "attestors", "attestations",
                "validations", "validationActions", "failurePolicy", "validationConfigurations", "autogen", "evaluation",
                "webhookConfiguration", "variables", "auditAnnotations", "credentials"));
        for (String unsupported : List.of("variables", "auditAnnotations", "credentials")) {
            if (spec.has(unsupported)) {
                throw spec.error(unsupported, "is not supported yet" + (unsupported.equals("credentials") ? " (Cairn uses the docker config's credentials)" : ""));
            }
        }
        evaluation(spec.object("evaluation"));
        spec.object("webhookConfiguration").only(Set.of("timeoutSeconds")); // Cairn's server applies its own deadline

        MatchConstraints match = matchConstraints(spec.object("matchConstraints"));
        List<ImageValidatingPolicy.NamedProgram> conditions = new ArrayList<>();
        for (DocumentFields c : spec.objects("matchConditions")) {
            c.only(Set.of("name", "expression"));
            conditions.add(new ImageValidatingPolicy.NamedProgram(c.requiredString("name"),
                    IvpCel.compile(IvpCel.Scope.MATCH_CONDITION, c.requiredString("expression"), SimpleType.BOOL, source + ": " + c.child("expression"))));
        }
        List<ImageValidatingPolicy.ImageMatcher> references = new ArrayList<>();
        for (DocumentFields r : spec.objects("matchImageReferences")) {
            r.only(Set.of("glob", "expression"));
            Optional<String> glob = r.string("glob").filter(g -> !g.isEmpty());
            if (glob.isPresent()) {
                if (glob.get().matches(".*[\\[\\]{}\\\\].*")) {
                    throw r.error("glob", "uses character classes, alternatives or escapes, which Cairn does not match; use * and ? or an expression");
                }
                references.add(new ImageValidatingPolicy.ImageMatcher.Glob(glob.get()));
            } else {
                String expression = r.string("expression").filter(e -> !e.isEmpty())
                        .orElseThrow(() -> r.error("either glob or expression must be set"));
                references.add(new ImageValidatingPolicy.ImageMatcher.Expression(expression,
                        IvpCel.compile(IvpCel.Scope.IMAGE_REFERENCE, expression, SimpleType.BOOL, source + ": " + r.child("expression"))));
            }
        }
        Map<String, CelRuntime.Program> extractors = new LinkedHashMap<>();
        for (DocumentFields e : spec.objects("images")) {
            e.only(Set.of("name", "expression"));
            extractors.put(e.requiredString("name"), IvpCel.compile(IvpCel.Scope.POLICY, e.requiredString("expression"),
                    ListType.create(SimpleType.STRING), source + ": " + e.child("expression")));
        }
        Map<String, ImageValidatingPolicy.Attestor> attestors = new LinkedHashMap<>();
        for (DocumentFields a : spec.objects("attestors")) {
            ImageValidatingPolicy.Attestor attestor = attestor(a);
            if (attestors.put(attestor.name(), attestor) != null) {
                throw a.error("name", "is used by two attestors");
            }
        }
        Map<String, String> attestations = new LinkedHashMap<>();
        for (DocumentFields a : spec.objects("attestations")) {
            a.only(Set.of("name", "intoto", "referrer"));
            String attestationName = a.requiredString("name");
            if (a.has("referrer")) {
                throw a.error("referrer", "attestations need a notary attestor, which Cairn does not support yet; use intoto");
            }
            DocumentFields intoto = a.object("intoto");
            intoto.only(Set.of("type"));
            if (attestations.put(attestationName, predicateUri(intoto.requiredString("type"))) != null) {
                throw a.error("name", "is used by two attestations");
            }
        }
        List<ImageValidatingPolicy.Validation> validations = new ArrayList<>();
        for (DocumentFields v : spec.objects("validations")) {
            v.only(Set.of("expression", "message", "messageExpression", "reason"));
            Optional<CelRuntime.Program> messageExpression = v.string("messageExpression").filter(m -> !m.isEmpty())
                    .map(m -> IvpCel.compile(IvpCel.Scope.POLICY, m, SimpleType.STRING, source + ": " + v.child("messageExpression")));
            validations.add(new ImageValidatingPolicy.Validation(IvpCel.compile(IvpCel.Scope.POLICY, v.requiredString("expression"),
                    SimpleType.BOOL, source + ": " + v.child("expression")), v.string("message").orElse(""), messageExpression));
        }
        List<String> actions = spec.strings("validationActions");
        for (String action : actions) {
            if (!Set.of("Deny", "Audit", "Warn").contains(action)) {
                throw spec.error("validationActions", "must list Deny, Audit or Warn, not '" + shorten(action) + "'");
            }
        }
        String failurePolicy = spec.string("failurePolicy").orElse("Fail");
        if (!failurePolicy.equals("Fail") && !failurePolicy.equals("Ignore")) {
            throw spec.error("failurePolicy", "must be Fail or Ignore");
        }
        DocumentFields config = spec.object("validationConfigurations");
        config.only(Set.of("mutateDigest", "verifyDigest", "required"));
        DocumentFields autogen = spec.object("autogen");
        autogen.only(Set.of("podControllers"));
        DocumentFields podControllers = autogen.object("podControllers");
        podControllers.only(Set.of("controllers"));
        Set<String> controllers = podControllers.has("controllers") ? Set.copyOf(podControllers.strings("controllers")) : AUTOGEN_ALL;
        return new ImageValidatingPolicy(source, name, match, conditions, references, extractors, attestors, attestations, validations,
                actions.isEmpty() || actions.contains("Deny"), failurePolicy.equals("Ignore"),
                config.bool("mutateDigest").orElse(true), config.bool("verifyDigest").orElse(true), config.bool("required").orElse(true),
                controllers);
    }

    private static void evaluation(DocumentFields evaluation) {
        evaluation.only(Set.of("admission", "background", "mode"));
        String mode = evaluation.string("mode").orElse("Kubernetes");
        if (!mode.equals("Kubernetes")) {
            throw evaluation.error("mode", "must be Kubernetes: Cairn evaluates admission requests, not " + shorten(mode) + " payloads");
        }
        DocumentFields admission = evaluation.object("admission");
        admission.only(Set.of("enabled"));
        if (!admission.bool("enabled").orElse(true)) {
            throw admission.error("enabled", "is false: the policy would never apply at admission; leave it out of the set instead");
        }
        evaluation.object("background").only(Set.of("enabled")); // background scans are Kyverno's, not admission's
    }

    private static MatchConstraints matchConstraints(DocumentFields m) {
        m.only(Set.of("resourceRules", "excludeResourceRules", "namespaceSelector", "objectSelector", "matchPolicy"));
        if (m.has("namespaceSelector") && !LabelSelector.parse(m.object("namespaceSelector")).isEmpty()) {
            throw m.error("namespaceSelector", "needs namespace labels, which Cairn does not have; put the selector on the webhook configuration");
        }
        m.string("matchPolicy").filter(p -> !p.equals("Exact") && !p.equals("Equivalent"))
                .ifPresent(p -> {
                    throw m.error("matchPolicy", "must be Exact or Equivalent");
                });
        List<MatchConstraints.Rule> rules = rules(m, "resourceRules");
        if (rules.isEmpty()) {
            throw m.error("resourceRules", "is required");
        }
        LabelSelector objectSelector = m.has("objectSelector") ? LabelSelector.parse(m.object("objectSelector")) : new LabelSelector(Map.of(), List.of());
        return new MatchConstraints(rules, rules(m, "excludeResourceRules"), objectSelector);
    }

    private static List<MatchConstraints.Rule> rules(DocumentFields m, String field) {
        List<MatchConstraints.Rule> rules = new ArrayList<>();
        for (DocumentFields r : m.objects(field)) {
            r.only(Set.of("apiGroups", "apiVersions", "resources", "operations", "resourceNames", "scope"));
            List<String> operations = r.strings("operations");
            for (String op : operations) {
                if (!Set.of("CREATE", "UPDATE", "DELETE", "CONNECT", "*").contains(op)) {
                    throw r.error("operations", "must list CREATE, UPDATE, DELETE, CONNECT or *");
                }
            }
            rules.add(new MatchConstraints.Rule(r.strings("apiGroups"), r.strings("apiVersions"), r.strings("resources"), operations,
                    r.strings("resourceNames"), r.string("scope").orElse("*")));
        }
        return rules;
    }

    private static ImageValidatingPolicy.Attestor attestor(DocumentFields a) {
        a.only(Set.of("name", "cosign", "notary"));
        String name = a.requiredString("name");
        if (a.has("notary")) {
            throw a.error("notary", "attestors are not supported yet");
        }
        if (!a.has("cosign")) {
            throw a.error("must have cosign (notary is not supported yet)");
        }
        DocumentFields cosign = a.object("cosign");
        cosign.only(Set.of("key", "keyless", "certificate", "ctlog", "source", "annotations", "tuf", "trustedRoot"));
        for (String keyless : List.of("keyless", "certificate", "tuf", "trustedRoot")) {
            if (cosign.has(keyless)) {
                throw cosign.error(keyless, "is refused: " + KEYLESS);
            }
        }
        if (cosign.has("source")) {
            throw cosign.error("source", "(signatures in another repository) is not supported yet");
        }
        DocumentFields ctlog = cosign.object("ctlog");
        ctlog.only(Set.of("url", "rekorPubKey", "ctLogPubKey", "tsaCertChain", "insecureIgnoreTlog", "insecureIgnoreSCT"));
        for (String tlog : List.of("url", "rekorPubKey", "ctLogPubKey", "tsaCertChain")) {
            if (ctlog.has(tlog)) {
                throw ctlog.error(tlog, "is refused: transparency log verification is not available yet");
            }
        }
        if (!ctlog.bool("insecureIgnoreTlog").orElse(false)) {
            throw cosign.error("ctlog", "must set insecureIgnoreTlog: true — Kyverno checks key signatures against the Rekor transparency log otherwise, "
                    + "and transparency log verification is not available yet");
        }
        if (!cosign.has("key")) {
            throw cosign.error("must have key (keyless verification is not available yet)");
        }
        DocumentFields key = cosign.object("key");
        key.only(Set.of("data", "kms", "hashAlgorithm", "expression"));
        if (key.has("kms")) {
            throw key.error("kms", "is refused: KMS keys are not available offline; put the public key's PEM in data");
        }
        if (key.has("expression")) {
            throw key.error("expression", "is not supported yet; put the public key's PEM in data");
        }
        TrustedKey trusted;
        try {
            trusted = TrustedKey.fromPem(key.requiredString("data"), key.child("data"));
        } catch (CairnException e) {
            if (e.getMessage().startsWith(key.source())) {
                throw e;
            }
            throw CairnException.invalid(key.source() + ": " + key.child("data") + " is not a usable public key: " + e.getMessage());
        }
        checkHash(key, trusted);
        Map<String, String> annotations = new TreeMap<>();
        DocumentFields declared = cosign.object("annotations");
        declared.node().fieldNames().forEachRemaining(k -> annotations.put(k, declared.string(k).orElse("")));
        return new ImageValidatingPolicy.Attestor(name, trusted, annotations);
    }

    /** Kyverno loads the key with the named hash (default sha256); Cairn verifies with the key's own. */
    private static void checkHash(DocumentFields key, TrustedKey trusted) {
        String hash = key.string("hashAlgorithm").map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).orElse("sha256");
        String cairnHash = switch (trusted.verifier().algorithm()) {
            case ECDSA_P256_SHA256, RSA_PKCS1_SHA256 -> "sha256";
            case ECDSA_P384_SHA384 -> "sha384";
            case ECDSA_P521_SHA512 -> "sha512";
            case ED25519 -> hash;
        };
        if (!hash.equals(cairnHash)) {
            throw key.error("hashAlgorithm", "is " + shorten(hash) + " but Cairn verifies this " + trusted.verifier().algorithm() + " key with " + cairnHash + " only");
        }
    }

    /** cosign's short names ({@code cyclonedx}, {@code slsaprovenance1} …) as Kyverno maps them; anything else as written. */
    static String predicateUri(String type) {
        try {
            return PredicateTypes.resolve(type);
        } catch (CairnException notAShortNameOrUri) {
            return type;
        }
    }

    @Override
    public List<ImagePolicy> assemble(List<ImagePolicy> parsed) {
        List<ImageValidatingPolicy> policies = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (ImagePolicy policy : parsed) {
            ImageValidatingPolicy p = (ImageValidatingPolicy) policy;
            String previous = names.putIfAbsent(p.name(), p.source());
            if (previous != null) {
                throw CairnException.invalid(p.source() + ": a second ImageValidatingPolicy named " + p.name() + " (the first is in " + previous + ")");
            }
            policies.add(p);
        }
        return policies.isEmpty() ? List.of() : List.of(new ImageValidatingPolicies(policies));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
