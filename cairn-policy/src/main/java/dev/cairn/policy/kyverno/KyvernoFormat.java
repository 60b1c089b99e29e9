package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.PolicyFormat;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.TrustedKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kyverno {@code ClusterPolicy} and {@code Policy} ({@code kyverno.io/v1}, {@code v2beta1}) with
 * {@code verifyImages} rules, read strictly: CRD defaults applied ({@code mutateDigest},
 * {@code verifyDigest}, {@code required} true; {@code validationFailureAction} Audit), Kyverno's own
 * admission checks repeated (an attestor set needs entries, {@code count} at most the entries,
 * {@code mutateDigest} must be false under Audit), and everything Cairn cannot enforce exactly —
 * keyless, certificates, KMS, secrets, transparency-log checks, other rule types — refused.
 */
public final class KyvernoFormat implements PolicyFormat {
    static final String KEYLESS_REFUSED = "keyless verification is not available yet; use keys.publicKeys";
    static final int MAX_RULES = 256;
    static final int MAX_VERIFY_IMAGES = 32;
    static final int MAX_REFERENCES = 256;
    static final int MAX_ATTESTOR_SETS = 16;
    static final int MAX_ENTRIES = 64;
    static final int MAX_KEYS_PER_ENTRY = 32;
    static final int MAX_CONDITIONS = 256;
    static final int MAX_NESTING = 4;
    static final String AUTOGEN_ANNOTATION = "pod-policies.kyverno.io/autogen-controllers";

    @Override
    public boolean reads(String apiVersion, String kind) {
        return (apiVersion.equals("kyverno.io/v1") || apiVersion.equals("kyverno.io/v2beta1"))
                && (kind.equals("ClusterPolicy") || kind.equals("Policy"));
    }

    @Override
    public ImagePolicy parse(JsonNode document, String source) {
        String kind = document.path("kind").asText();
        JsonNode metadata = document.path("metadata");
        String name = metadata.path("name").asText("");
        Strict s = new Strict(source + " (" + kind + " " + (name.isEmpty() ? "?" : name) + ")");
        s.fields(document, "", Set.of("apiVersion", "kind", "metadata", "spec", "status"), Map.of());
        if (name.isEmpty()) {
            throw s.error("metadata.name", "missing");
        }
        Optional<String> namespace = Optional.empty();
        if (kind.equals("Policy")) {
            String ns = metadata.path("namespace").asText("");
            namespace = Optional.of(ns.isEmpty() ? "default" : ns);
        }
        Map<String, String> annotations = s.stringMap(metadata, "annotations", "metadata", 256);
        JsonNode spec = document.path("spec");
        s.fields(spec, "spec", Set.of("rules", "validationFailureAction", "background", "failurePolicy", "webhookTimeoutSeconds",
                        "emitWarning", "schemaValidation", "useServerSideApply", "mutateExistingOnPolicyUpdate", "generateExisting",
                        "generateExistingOnPolicyUpdate", "webhookConfiguration", "admission", "applyRules"),
                Map.of("validationFailureActionOverrides", "per-namespace failure actions are not supported; set failureAction per verifyImages entry"));
        RuleResult.FailureAction specAction = action(s, spec.path("validationFailureAction"), "spec.validationFailureAction", RuleResult.FailureAction.AUDIT);
        boolean background = s.bool(spec, "background", "spec", true);
        if (!s.bool(spec, "admission", "spec", true)) {
            throw s.error("spec.admission", "false (background-only policies) is not supported");
        }
        String applyRules = s.text(spec, "applyRules", "spec", "All");
        if (!applyRules.equals("All")) {
            throw s.error("spec.applyRules", "'" + applyRules + "' is not supported; only All");
        }
        List<JsonNode> ruleNodes = s.list(spec, "rules", "spec", MAX_RULES);
        if (ruleNodes.isEmpty()) {
            throw s.error("spec.rules", "no rules");
        }
        List<KyvernoRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            rules.add(rule(s, ruleNodes.get(i), "spec.rules[" + i + "]", specAction));
        }
        Optional<String> controllers = Optional.ofNullable(annotations.get(AUTOGEN_ANNOTATION));
        String displayName = namespace.map(ns -> ns + "/" + name).orElse(name);
        return new KyvernoPolicy(kind, displayName, namespace, annotations, background, Autogen.expand(rules, controllers));
    }

    private static RuleResult.FailureAction action(Strict s, JsonNode node, String path, RuleResult.FailureAction fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        return switch (node.asText()) {
            case "Enforce", "enforce" -> RuleResult.FailureAction.ENFORCE;
            case "Audit", "audit" -> RuleResult.FailureAction.AUDIT;
            default -> throw s.error(path, "'" + node.asText() + "' is not Enforce or Audit");
        };
    }

    private KyvernoRule rule(Strict s, JsonNode node, String path, RuleResult.FailureAction specAction) {
        String notVerify = "only verifyImages rules are evaluated by Cairn";
        s.fields(node, path, Set.of("name", "match", "exclude", "verifyImages", "skipBackgroundRequests", "reportProperties"),
                Map.of("validate", notVerify, "mutate", notVerify, "generate", notVerify,
                        "context", "rule context (API calls, ConfigMaps, variables) is not supported",
                        "preconditions", "preconditions are not supported", "celPreconditions", "CEL preconditions are not supported",
                        "imageExtractors", "custom image extractors are not supported"));
        String name = s.text(node, "name", path, "");
        if (name.isEmpty()) {
            throw s.error(path + ".name", "missing");
        }
        if (!node.has("match")) {
            throw s.error(path + ".match", "missing");
        }
        ResourceFilter match = filter(s, node.get("match"), path + ".match");
        Optional<ResourceFilter> exclude = node.hasNonNull("exclude") ? Optional.of(filter(s, node.get("exclude"), path + ".exclude")) : Optional.empty();
        List<JsonNode> items = s.list(node, "verifyImages", path, MAX_VERIFY_IMAGES);
        if (items.isEmpty()) {
            throw s.error(path, "has no verifyImages; " + notVerify);
        }
        List<ImageVerification> verifications = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            verifications.add(imageVerification(s, items.get(i), path + ".verifyImages[" + i + "]", specAction));
        }
        return new KyvernoRule(name, match, exclude, verifications);
    }

    private ResourceFilter filter(Strict s, JsonNode node, String path) {
        Map<String, String> refused = Map.of("subjects", "subjects need the requesting user, which offline evaluation does not have",
                "roles", "roles need the requesting user, which offline evaluation does not have",
                "clusterRoles", "clusterRoles need the requesting user, which offline evaluation does not have");
        s.fields(node, path, Set.of("any", "all", "resources"), refused);
        List<ResourceFilter.Description> any = new ArrayList<>();
        List<ResourceFilter.Description> all = new ArrayList<>();
        List<JsonNode> anyNodes = s.list(node, "any", path, MAX_REFERENCES);
        for (int i = 0; i < anyNodes.size(); i++) {
            any.add(filterItem(s, anyNodes.get(i), path + ".any[" + i + "]", refused));
        }
        List<JsonNode> allNodes = s.list(node, "all", path, MAX_REFERENCES);
        for (int i = 0; i < allNodes.size(); i++) {
            all.add(filterItem(s, allNodes.get(i), path + ".all[" + i + "]", refused));
        }
        if (node.hasNonNull("resources")) {
            if (!any.isEmpty() || !all.isEmpty()) {
                throw s.error(path, "use either resources or any/all, not both");
            }
            all.add(description(s, node.get("resources"), path + ".resources"));
        }
        if (any.isEmpty() && all.isEmpty()) {
            throw s.error(path, "matches nothing: give any, all or resources");
        }
        return new ResourceFilter(any, all);
    }

    private ResourceFilter.Description filterItem(Strict s, JsonNode node, String path, Map<String, String> refused) {
        s.fields(node, path, Set.of("resources"), refused);
        if (!node.hasNonNull("resources")) {
            throw s.error(path + ".resources", "missing");
        }
        return description(s, node.get("resources"), path + ".resources");
    }

    private ResourceFilter.Description description(Strict s, JsonNode node, String path) {
        s.fields(node, path, Set.of("kinds", "name", "names", "namespaces", "operations", "annotations", "selector"),
                Map.of("namespaceSelector", "namespaceSelector needs the namespace's labels from the cluster, which offline evaluation does not have"));
        List<String> names = new ArrayList<>(s.strings(node, "names", path, MAX_REFERENCES));
        String single = s.text(node, "name", path, "");
        if (!single.isEmpty()) {
            names.add(single);
        }
        List<String> operations = s.strings(node, "operations", path, 4);
        for (String op : operations) {
            if (!Set.of("CREATE", "UPDATE", "DELETE", "CONNECT").contains(op)) {
                throw s.error(path + ".operations", "unknown operation '" + op + "'");
            }
        }
        Optional<ResourceFilter.LabelSelector> selector = Optional.empty();
        if (node.hasNonNull("selector")) {
            selector = Optional.of(selector(s, node.get("selector"), path + ".selector"));
        }
        return new ResourceFilter.Description(s.strings(node, "kinds", path, MAX_REFERENCES), names,
                s.strings(node, "namespaces", path, MAX_REFERENCES), operations,
                s.stringMap(node, "annotations", path, 64), selector);
    }

    private ResourceFilter.LabelSelector selector(Strict s, JsonNode node, String path) {
        s.fields(node, path, Set.of("matchLabels", "matchExpressions"), Map.of());
        List<ResourceFilter.LabelSelector.Expression> expressions = new ArrayList<>();
        List<JsonNode> nodes = s.list(node, "matchExpressions", path, 64);
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + ".matchExpressions[" + i + "]";
            s.fields(nodes.get(i), p, Set.of("key", "operator", "values"), Map.of());
            String op = s.text(nodes.get(i), "operator", p, "");
            if (!Set.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                throw s.error(p + ".operator", "'" + op + "' is not In, NotIn, Exists or DoesNotExist");
            }
            expressions.add(new ResourceFilter.LabelSelector.Expression(s.text(nodes.get(i), "key", p, ""), op,
                    s.strings(nodes.get(i), "values", p, 256)));
        }
        return new ResourceFilter.LabelSelector(s.stringMap(node, "matchLabels", path, 64), expressions);
    }

    private ImageVerification imageVerification(Strict s, JsonNode node, String path, RuleResult.FailureAction specAction) {
        s.fields(node, path, Set.of("failureAction", "type", "image", "imageReferences", "skipImageReferences", "key", "attestors",
                        "attestations", "annotations", "mutateDigest", "verifyDigest", "required", "useCache", "cosignOCI11"),
                Map.of("roots", KEYLESS_REFUSED, "subject", KEYLESS_REFUSED, "issuer", KEYLESS_REFUSED,
                        "additionalExtensions", KEYLESS_REFUSED,
                        "repository", "signatures in another repository are not supported",
                        "validate", "verifyImages validate.deny is not supported",
                        "imageRegistryCredentials", "per-policy registry credentials are not supported; Cairn uses the docker config of the command"));
        String type = s.text(node, "type", path, "Cosign");
        dev.cairn.sign.SignatureFormat format = switch (type) {
            case "Cosign" -> dev.cairn.sign.SignatureFormat.LEGACY;
            case "SigstoreBundle" -> dev.cairn.sign.SignatureFormat.BUNDLE;
            default -> throw s.error(path + ".type", "'" + type + "' is not supported; only Cosign and SigstoreBundle");
        };
        if (s.bool(node, "cosignOCI11", path, false)) {
            throw s.error(path + ".cosignOCI11", "true is not supported: cosign's experimental OCI 1.1 signature layout is not read; use type: SigstoreBundle for bundles in referrers");
        }
        RuleResult.FailureAction action = action(s, node.path("failureAction"), path + ".failureAction", specAction);
        List<String> references = new ArrayList<>(s.strings(node, "imageReferences", path, MAX_REFERENCES));
        String image = s.text(node, "image", path, "");
        if (!image.isEmpty()) {
            references.add(image); // the older single "image" field, converted as Kyverno's Convert() does
        }
        if (references.isEmpty()) {
            throw s.error(path, "An image reference is required");
        }
        List<AttestorSet> attestors = new ArrayList<>();
        List<JsonNode> setNodes = s.list(node, "attestors", path, MAX_ATTESTOR_SETS);
        for (int i = 0; i < setNodes.size(); i++) {
            attestors.add(attestorSet(s, setNodes.get(i), path + ".attestors[" + i + "]", ".attestors[" + i + "]", 0, true));
        }
        // the older "key" + "annotations" fields become one attestor set (Kyverno's Convert())
        String oldKey = s.text(node, "key", path, "");
        Map<String, String> oldAnnotations = s.stringMap(node, "annotations", path, 64);
        Optional<AttestorSet> converted = Optional.empty();
        if (!oldKey.isEmpty()) {
            converted = Optional.of(keySet(s, oldKey, oldAnnotations, path + ".key"));
        } else if (!oldAnnotations.isEmpty()) {
            throw s.error(path + ".annotations", "annotations without key would need keyless verification; " + KEYLESS_REFUSED);
        }
        List<Attestation> attestations = new ArrayList<>();
        List<JsonNode> attNodes = s.list(node, "attestations", path, MAX_ATTESTOR_SETS);
        for (int i = 0; i < attNodes.size(); i++) {
            attestations.add(attestation(s, attNodes.get(i), path + ".attestations[" + i + "]", ".attestations[" + i + "]", converted));
        }
        if (converted.isPresent() && attNodes.isEmpty()) {
            attestors.add(converted.get());
        }
        boolean mutateDigest = s.bool(node, "mutateDigest", path, true);
        if (action == RuleResult.FailureAction.AUDIT && mutateDigest) {
            throw s.error(path + ".mutateDigest", "mutateDigest must be set to false for 'Audit' failure action");
        }
        for (String ref : references) {
            Variables.validate(com.fasterxml.jackson.databind.node.TextNode.valueOf(ref), path + ".imageReferences");
            if (ref.contains("{{")) {
                throw s.error(path + ".imageReferences", "variables in image references are not supported");
            }
        }
        return new ImageVerification(references, s.strings(node, "skipImageReferences", path, MAX_REFERENCES), attestors, attestations,
                mutateDigest, s.bool(node, "verifyDigest", path, true), s.bool(node, "required", path, true), action, format);
    }

    private AttestorSet keySet(Strict s, String pem, Map<String, String> annotations, String path) {
        List<AttestorSet.Entry> entries = new ArrayList<>();
        for (String one : splitPem(s, pem, path)) {
            entries.add(new AttestorSet.KeyEntry(".attestors[0].entries[" + entries.size() + "].keys", TrustedKey.fromPem(one, path), annotations));
        }
        return new AttestorSet(entries.size(), entries);
    }

    private AttestorSet attestorSet(Strict s, JsonNode node, String path, String kyvernoPath, int depth, boolean allowNested) {
        if (depth > MAX_NESTING) {
            throw s.error(path, "attestors nested deeper than " + MAX_NESTING);
        }
        s.fields(node, path, Set.of("count", "entries"), Map.of());
        List<JsonNode> entryNodes = s.list(node, "entries", path, MAX_ENTRIES);
        if (entryNodes.isEmpty()) {
            throw s.error(path, "An entry is required");
        }
        Optional<Integer> count = Optional.empty();
        if (node.hasNonNull("count")) {
            if (!node.get("count").canConvertToInt() || !node.get("count").isIntegralNumber() || node.get("count").asInt() < 0) {
                throw s.error(path + ".count", "expected a whole number of at least 1");
            }
            count = Optional.of(node.get("count").asInt());
            if (count.get() > entryNodes.size()) {
                throw s.error(path, "Count cannot exceed length of entries");
            }
        }
        List<AttestorSet.Entry> entries = new ArrayList<>();
        for (int i = 0; i < entryNodes.size(); i++) {
            entries.addAll(entry(s, entryNodes.get(i), path + ".entries[" + i + "]", kyvernoPath + ".entries[" + i + "]", depth, allowNested));
        }
        // count 0 or absent means all entries, after PEM expansion (Kyverno's RequiredCount on the expanded set)
        int required = count.filter(c -> c > 0).orElse(entries.size());
        return new AttestorSet(required, entries);
    }

    private List<AttestorSet.Entry> entry(Strict s, JsonNode node, String path, String kyvernoPath, int depth, boolean allowNested) {
        s.fields(node, path, Set.of("keys", "attestor", "annotations", "signatureAlgorithm"),
                Map.of("keyless", KEYLESS_REFUSED, "certificates", "certificate attestors need certificate-chain and transparency-log checks; " + KEYLESS_REFUSED,
                        "repository", "signatures in another repository are not supported"));
        Map<String, String> annotations = s.stringMap(node, "annotations", path, 64);
        signatureAlgorithm(s, node, path);
        boolean hasKeys = node.hasNonNull("keys");
        boolean hasNested = node.hasNonNull("attestor");
        if (hasKeys == hasNested) {
            throw s.error(path, "keys, certificates, keyless, or a nested attestor is required (exactly one)");
        }
        if (hasNested) {
            if (!allowNested) {
                throw s.error(path + ".attestor", "nested attestors are not evaluated by Kyverno inside attestations; refusing to guess");
            }
            return List.of(new AttestorSet.NestedEntry(kyvernoPath + ".attestor",
                    attestorSet(s, node.get("attestor"), path + ".attestor", kyvernoPath + ".attestor", depth + 1, true)));
        }
        JsonNode keys = node.get("keys");
        String keysPath = path + ".keys";
        s.fields(keys, keysPath, Set.of("publicKeys", "signatureAlgorithm", "rekor", "ctlog"),
                Map.of("kms", "KMS keys are not supported; give keys.publicKeys", "secret", "keys in Kubernetes Secrets are not supported; give keys.publicKeys"));
        signatureAlgorithm(s, keys, keysPath);
        String pem = s.text(keys, "publicKeys", keysPath, "");
        if (pem.isEmpty()) {
            throw s.error(keysPath, "A public key, kms key or secret is required");
        }
        rekor(s, keys.get("rekor"), keysPath + ".rekor");
        if (keys.hasNonNull("ctlog")) {
            s.fields(keys.get("ctlog"), keysPath + ".ctlog", Set.of("ignoreSCT", "pubkey", "tsaCertChain"), Map.of());
        }
        List<String> pems = splitPem(s, pem, keysPath + ".publicKeys");
        List<AttestorSet.Entry> out = new ArrayList<>();
        for (int i = 0; i < pems.size(); i++) {
            out.add(new AttestorSet.KeyEntry(kyvernoPath + ".keys", TrustedKey.fromPem(pems.get(i), keysPath + ".publicKeys"), annotations));
        }
        return out;
    }

    /** Kyverno verifies signatures against the public Rekor unless told {@code ignoreTlog: true}; Cairn cannot yet. */
    private static void rekor(Strict s, JsonNode rekor, String path) {
        if (rekor == null || rekor.isNull()) {
            throw s.error(path, "missing: Kyverno then requires a transparency-log (Rekor) entry, which Cairn cannot verify yet; set rekor: {ignoreTlog: true} to check the key signature alone");
        }
        s.fields(rekor, path, Set.of("url", "pubkey", "ignoreTlog"), Map.of());
        if (!s.bool(rekor, "ignoreTlog", path, false)) {
            throw s.error(path + ".ignoreTlog", "false: transparency-log (Rekor) verification is not available yet; set ignoreTlog: true to check the key signature alone");
        }
    }

    /** Cairn verifies ECDSA P-256 with SHA-256, cosign's default; another digest would verify nothing as written. */
    private static void signatureAlgorithm(Strict s, JsonNode node, String path) {
        String algorithm = s.text(node, "signatureAlgorithm", path, "sha256");
        if (!algorithm.equals("sha256") && !algorithm.isEmpty()) {
            if (Set.of("sha224", "sha384", "sha512").contains(algorithm)) {
                throw s.error(path + ".signatureAlgorithm", "'" + algorithm + "' is not supported yet; only sha256");
            }
            throw s.error(path + ".signatureAlgorithm", "Invalid signature algorithm provided");
        }
    }

    /** Several PEM blocks in one string are several keys (Kyverno splits after each END PUBLIC KEY). */
    static List<String> splitPem(Strict s, String pem, String path) {
        String end = "-----END PUBLIC KEY-----";
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = pem.indexOf(end, from);
            if (at < 0) {
                break;
            }
            out.add(pem.substring(from, at + end.length()).strip());
            from = at + end.length();
            if (out.size() > MAX_KEYS_PER_ENTRY) {
                throw s.error(path, "more than " + MAX_KEYS_PER_ENTRY + " public keys");
            }
        }
        if (!pem.substring(from).isBlank()) {
            throw s.error(path, "not one or more PEM public keys (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)");
        }
        return out;
    }

    private Attestation attestation(Strict s, JsonNode node, String path, String kyvernoPath, Optional<AttestorSet> converted) {
        s.fields(node, path, Set.of("name", "predicateType", "type", "attestors", "conditions"), Map.of());
        String type = s.text(node, "type", path, "");
        if (type.isEmpty()) {
            type = s.text(node, "predicateType", path, "");
        }
        if (type.isEmpty()) {
            throw s.error(path, "missing type");
        }
        List<AttestorSet> sets = new ArrayList<>();
        List<JsonNode> setNodes = s.list(node, "attestors", path, MAX_ATTESTOR_SETS);
        for (int i = 0; i < setNodes.size(); i++) {
            sets.add(attestorSet(s, setNodes.get(i), path + ".attestors[" + i + "]", kyvernoPath + ".attestors[" + i + "]", 0, false));
        }
        converted.ifPresent(sets::add);
        if (sets.isEmpty()) {
            throw s.error(path + ".attestors", "missing: an attestation without attestors needs keyless verification; " + KEYLESS_REFUSED);
        }
        List<Conditions> conditions = new ArrayList<>();
        List<JsonNode> condNodes = s.list(node, "conditions", path, MAX_CONDITIONS);
        int total = 0;
        for (int i = 0; i < condNodes.size(); i++) {
            String p = path + ".conditions[" + i + "]";
            s.fields(condNodes.get(i), p, Set.of("any", "all"), Map.of());
            Optional<List<Conditions.Condition>> any = s.optionalList(condNodes.get(i), "any", p, MAX_CONDITIONS)
                    .map(list -> conditionList(s, list, p + ".any"));
            List<Conditions.Condition> all = conditionList(s, s.list(condNodes.get(i), "all", p, MAX_CONDITIONS), p + ".all");
            total += any.map(List::size).orElse(0) + all.size();
            if (total > MAX_CONDITIONS) {
                throw s.error(path + ".conditions", "more than " + MAX_CONDITIONS + " conditions");
            }
            conditions.add(new Conditions(any, all));
        }
        return new Attestation(type, sets, conditions);
    }

    private List<Conditions.Condition> conditionList(Strict s, List<JsonNode> nodes, String path) {
        List<Conditions.Condition> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode c = nodes.get(i);
            s.fields(c, p, Set.of("key", "operator", "value", "message"), Map.of());
            if (!c.has("key")) {
                throw s.error(p + ".key", "missing");
            }
            JsonNode value = c.has("value") ? c.get("value") : com.fasterxml.jackson.databind.node.NullNode.getInstance();
            try {
                Variables.validate(c.get("key"), p + ".key");
                Variables.validate(value, p + ".value");
                out.add(new Conditions.Condition(c.get("key"), Operator.parse(s.text(c, "operator", p, ""), p + ".operator"), value,
                        s.text(c, "message", p, "")));
            } catch (CairnException e) {
                // the message names the field under p already; prefix the document as every refusal does
                throw s.error(p, e.getMessage().startsWith(p + ".") ? e.getMessage().substring(p.length() + 1) : e.getMessage());
            }
        }
        return out;
    }

}
