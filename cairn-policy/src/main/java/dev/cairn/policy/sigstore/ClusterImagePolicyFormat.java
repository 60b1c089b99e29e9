package dev.cairn.policy.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.SignatureAlgorithm;
import dev.cairn.model.CairnException;
import dev.cairn.policy.DocumentFields;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.LabelSelector;
import dev.cairn.policy.PolicyFormat;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.policy.TrustedKey;
import dev.cairn.sign.PredicateTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads policy-controller's {@code ClusterImagePolicy} ({@code policy.sigstore.dev/v1beta1} and
 * {@code v1alpha1}, which have the same fields) and its {@code config-policy-controller} ConfigMap,
 * with policy-controller's own validation rules, and refuses — with one line naming the field — what
 * Cairn cannot enforce exactly: keyless authorities and everything that only makes sense with them
 * ({@code keyless}, {@code ctlog}, {@code rfc3161timestamp}, {@code signatureFormat: bundle}), keys
 * held elsewhere ({@code key.secretRef}, {@code key.kms}), signatures in another repository
 * ({@code source}), CUE and Rego policies, and CIP-level {@code policy}. Attestation policies may be
 * written in CEL ({@code policy: {type: cel, data: …}}), a Cairn extension (docs/policies.md).
 */
public final class ClusterImagePolicyFormat implements PolicyFormat {
    static final String KEYLESS = "keyless verification is not available yet";
    private static final Set<String> API_VERSIONS = Set.of("policy.sigstore.dev/v1beta1", "policy.sigstore.dev/v1alpha1");

    private final PolicyControllerSettings defaults;

    /** policy-controller's defaults: {@code no-match-policy: deny}, {@code fail-on-empty-authorities: true}. */
    public ClusterImagePolicyFormat() {
        this(PolicyControllerSettings.DEFAULTS);
    }

    /** With other settings, as a {@code config-policy-controller} ConfigMap among the documents would give (that ConfigMap still wins). */
    public ClusterImagePolicyFormat(PolicyControllerSettings defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    public static ClusterImagePolicyFormat withNoMatchPolicy(NoMatchPolicy noMatch) {
        return new ClusterImagePolicyFormat(new PolicyControllerSettings("settings", noMatch, true));
    }

    @Override
    public boolean reads(String apiVersion, String kind) {
        return API_VERSIONS.contains(apiVersion) && kind.equals(ClusterImagePolicy.KIND)
                || apiVersion.equals("v1") && kind.equals("ConfigMap");
    }

    @Override
    public ImagePolicy parse(JsonNode document, String source) {
        DocumentFields root = DocumentFields.root(document, source);
        String name = root.object("metadata").requiredString("name");
        if (root.requiredString("kind").equals("ConfigMap")) {
            if (!name.equals(PolicyControllerSettings.CONFIG_MAP_NAME)) {
                throw CairnException.invalid(source + ": ConfigMap " + GgcrName.shorten(name) + " is not a policy; the only ConfigMap read is policy-controller's "
                        + PolicyControllerSettings.CONFIG_MAP_NAME);
            }
            return PolicyControllerSettings.fromConfigMap(root);
        }
        root.only(Set.of("apiVersion", "kind", "metadata", "spec", "status"));
        DocumentFields spec = root.object("spec");
        spec.only(Set.of("images", "authorities", "policy", "mode", "match"));
        if (spec.has("policy")) {
            throw spec.error("policy", "(a policy over all authorities' results) is not supported: " + policyTypeProblem(spec.object("policy"), true));
        }
        List<DocumentFields> images = spec.objects("images");
        if (images.isEmpty()) {
            throw spec.error("images", "is required");
        }
        List<PolicyControllerGlob> globs = new ArrayList<>();
        for (DocumentFields image : images) {
            image.only(Set.of("glob"));
            try {
                globs.add(PolicyControllerGlob.compile(image.requiredString("glob")));
            } catch (CairnException e) {
                throw image.error("glob", e.getMessage());
            }
        }
        List<Authority> authorities = new ArrayList<>();
        List<DocumentFields> authorityFields = spec.objects("authorities");
        for (int i = 0; i < authorityFields.size(); i++) {
            authorities.add(authority(authorityFields.get(i), i));
        }
        String mode = spec.string("mode").orElse("enforce");
        if (!mode.equals("enforce") && !mode.equals("warn")) {
            throw spec.error("mode", "must be enforce or warn, not '" + GgcrName.shorten(mode) + "'");
        }
        List<ClusterImagePolicy.MatchResource> match = new ArrayList<>();
        for (DocumentFields m : spec.objects("match")) {
            m.only(Set.of("group", "version", "resource", "selector"));
            String group = m.string("group").orElse("");
            String version = m.string("version").orElse("");
            String resource = m.string("resource").orElse("");
            Optional<LabelSelector> selector = m.has("selector") ? Optional.of(LabelSelector.parse(m.object("selector"))) : Optional.empty();
            if (selector.isPresent() && group.isEmpty() && version.isEmpty() && resource.isEmpty()) {
                throw m.error("selector", "requires a resource type to match the labels");
            }
            match.add(new ClusterImagePolicy.MatchResource(group, version, resource, selector));
        }
        return new ClusterImagePolicy(source, name, globs, authorities, mode.equals("warn"), match);
    }

    private static Authority authority(DocumentFields a, int index) {
        a.only(Set.of("name", "key", "keyless", "static", "source", "ctlog", "attestations", "rfc3161timestamp", "signatureFormat"));
        String name = a.string("name").filter(n -> !n.isEmpty()).orElse("authority-" + index);
        for (String keyless : List.of("keyless", "ctlog", "rfc3161timestamp")) {
            if (a.has(keyless)) {
                throw a.error(keyless, "is refused: " + KEYLESS);
            }
        }
        String format = a.string("signatureFormat").orElse("legacy");
        if (format.equals("bundle")) {
            throw a.error("signatureFormat", "bundle is refused: policy-controller verifies the bundle format only for keyless authorities, and " + KEYLESS);
        }
        if (!format.equals("legacy")) {
            throw a.error("signatureFormat", "must be legacy or bundle, not '" + GgcrName.shorten(format) + "'");
        }
        if (a.has("source")) {
            throw a.error("source", "(signatures in another repository, signature pull secrets) is not supported yet");
        }
        int kinds = (a.has("key") ? 1 : 0) + (a.has("static") ? 1 : 0);
        if (kinds != 1) {
            throw a.error(kinds == 0 ? "must have one of key, keyless or static" : "must have only one of key, keyless or static");
        }
        if (a.has("static")) {
            if (a.has("attestations")) {
                throw a.error("attestations", "cannot be used with a static authority");
            }
            DocumentFields s = a.object("static");
            s.only(Set.of("action", "message"));
            String action = s.requiredString("action");
            if (!action.equals("pass") && !action.equals("fail")) {
                throw s.error("action", "must be pass or fail, not '" + GgcrName.shorten(action) + "'");
            }
            return new Authority.Static(name, action.equals("pass"), s.string("message").orElse(""));
        }
        TrustedKey key = key(a.object("key"));
        List<Authority.Attestation> attestations = new ArrayList<>();
        for (DocumentFields att : a.objects("attestations")) {
            attestations.add(attestation(att));
        }
        return new Authority.Key(name, key, attestations);
    }

    private static TrustedKey key(DocumentFields k) {
        k.only(Set.of("data", "secretRef", "kms", "hashAlgorithm"));
        if (k.has("secretRef")) {
            throw k.error("secretRef", "is refused: Cairn reads policies offline and cannot fetch a Kubernetes Secret; put the PEM in key.data");
        }
        if (k.has("kms")) {
            throw k.error("kms", "is refused: KMS keys are not available offline; put the public key's PEM in key.data");
        }
        String pem = k.requiredString("data");
        TrustedKey key;
        try {
            key = TrustedKey.fromPem(pem, k.child("data"));
        } catch (CairnException e) {
            throw CairnException.invalid(k.source() + ": " + k.child("data") + " is not a usable public key: " + e.getMessage());
        }
        String hash = k.string("hashAlgorithm").map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).orElse("sha256");
        if (!Set.of("sha224", "sha256", "sha384", "sha512").contains(hash)) {
            throw k.error("hashAlgorithm", "must be one of sha224, sha256, sha384, sha512");
        }
        String cairnHash = switch (key.verifier().algorithm()) {
            case ECDSA_P256_SHA256, RSA_PKCS1_SHA256 -> "sha256";
            case ECDSA_P384_SHA384 -> "sha384";
            case ECDSA_P521_SHA512 -> "sha512";
            case ED25519 -> hash; // pure Ed25519 hashes internally; the setting does not apply
        };
        if (!cairnHash.equals(hash)) {
            throw k.error("hashAlgorithm", "is " + hash + " but Cairn verifies this " + key.verifier().algorithm()
                    + " key with " + cairnHash + " only; signatures would never match");
        }
        return key;
    }

    private static Authority.Attestation attestation(DocumentFields att) {
        att.only(Set.of("name", "predicateType", "policy"));
        String name = att.requiredString("name");
        String predicateType = predicateUri(att.requiredString("predicateType"));
        Optional<StatementPolicy> policy = Optional.empty();
        if (att.has("policy")) {
            DocumentFields p = att.object("policy");
            String problem = policyTypeProblem(p, false);
            if (!problem.isEmpty()) {
                throw p.error(problem);
            }
            try {
                policy = Optional.of(StatementPolicy.compile(p.requiredString("data")));
            } catch (CairnException e) {
                throw p.error("data", e.getMessage());
            }
        }
        return new Authority.Attestation(name, predicateType, policy);
    }

    /** cosign's short names map to URIs; anything else is used as written, as cosign and policy-controller do. */
    static String predicateUri(String predicateType) {
        try {
            return PredicateTypes.resolve(predicateType);
        } catch (CairnException notAShortNameOrUri) {
            return predicateType;
        }
    }

    /** Empty when the policy block is a CEL policy Cairn can evaluate; else why not. */
    private static String policyTypeProblem(DocumentFields p, boolean cipLevel) {
        p.only(Set.of("type", "data", "remote", "configMapRef", "fetchConfigFile", "includeSpec", "includeObjectMeta", "includeTypeMeta"));
        String type = p.string("type").orElse("");
        if (type.equals("cue") || type.equals("rego")) {
            return "type " + type + " is not supported: Cairn evaluates attestation policies in CEL (type: cel, a Cairn extension; docs/policies.md)";
        }
        if (!type.equals("cel")) {
            return "type must be cel (a Cairn extension; policy-controller's cue and rego are not supported), not '" + GgcrName.shorten(type) + "'";
        }
        if (cipLevel) {
            return "only attestation policies are supported";
        }
        for (String field : List.of("remote", "configMapRef")) {
            if (p.has(field)) {
                return "uses " + field + ": the policy must be inline in data";
            }
        }
        for (String field : List.of("fetchConfigFile", "includeSpec", "includeObjectMeta", "includeTypeMeta")) {
            if (p.has(field)) {
                return "uses " + field + ", which policy-controller allows only in a ClusterImagePolicy-level policy";
            }
        }
        return "";
    }

    @Override
    public List<ImagePolicy> assemble(List<ImagePolicy> parsed) {
        List<PolicyControllerSettings> settings = new ArrayList<>();
        List<ClusterImagePolicy> policies = new ArrayList<>();
        for (ImagePolicy policy : parsed) {
            switch (policy) {
                case PolicyControllerSettings s -> settings.add(s);
                case ClusterImagePolicy c -> policies.add(c);
                default -> throw new IllegalStateException("not a policy-controller document: " + policy.kind());
            }
        }
        PolicyControllerSettings effective = settings.isEmpty() ? defaults : PolicyControllerSettings.single(settings);
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (ClusterImagePolicy policy : policies) {
            String previous = names.putIfAbsent(policy.name(), policy.source());
            if (previous != null) {
                throw CairnException.invalid(policy.source() + ": a second ClusterImagePolicy named " + policy.name() + " (the first is in " + previous + ")");
            }
            if (policy.authorities().isEmpty() && effective.failOnEmptyAuthorities()) {
                throw CairnException.invalid(policy.source() + ": spec.authorities is required (policy-controller's fail-on-empty-authorities is true)");
            }
        }
        // Settings without any ClusterImagePolicy decide nothing: with no policies loaded, the
        // no-match policy would otherwise deny every image of a set made of Kyverno policies.
        return policies.isEmpty() ? List.of() : List.of(new ClusterImagePolicies(policies, effective));
    }
}
