package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;

import java.util.List;
import java.util.Objects;

/**
 * policy-controller's controller-wide settings, from its {@code config-policy-controller} ConfigMap
 * (which Cairn reads when it is among the policy documents): the no-match policy and whether a
 * ClusterImagePolicy without authorities is refused. A settings document decides nothing by itself.
 */
public record PolicyControllerSettings(String source, NoMatchPolicy noMatch, boolean failOnEmptyAuthorities) implements ImagePolicy {
    /** policy-controller's defaults: deny unmatched images, refuse policies without authorities. */
    public static final PolicyControllerSettings DEFAULTS = new PolicyControllerSettings("defaults", NoMatchPolicy.DENY, true);
    public static final String CONFIG_MAP_NAME = "config-policy-controller";

    public PolicyControllerSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(noMatch, "noMatch");
    }

    @Override
    public String kind() {
        return "ConfigMap";
    }

    @Override
    public String name() {
        return CONFIG_MAP_NAME;
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        return List.of();
    }

    /** Reads {@code data.no-match-policy} and {@code data.fail-on-empty-authorities} as policy-controller does. */
    static PolicyControllerSettings fromConfigMap(dev.cairn.policy.DocumentFields document) {
        document.only(java.util.Set.of("apiVersion", "kind", "metadata", "data"));
        dev.cairn.policy.DocumentFields data = document.object("data");
        data.only(java.util.Set.of("no-match-policy", "fail-on-empty-authorities", "enable-oci11", "_example"));
        boolean failOnEmpty = data.string("fail-on-empty-authorities").map(v -> switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw data.error("fail-on-empty-authorities", "is not a boolean (true or false)");
        }).orElse(true);
        if (data.string("enable-oci11").filter(v -> !v.equals("false")).isPresent()) {
            throw data.error("enable-oci11", "is not supported: Cairn reads cosign's legacy tag layout for key authorities, as policy-controller does without it");
        }
        return new PolicyControllerSettings(document.source(), NoMatchPolicy.fromConfig(data.string("no-match-policy")), failOnEmpty);
    }

    static PolicyControllerSettings single(List<PolicyControllerSettings> found) {
        if (found.size() > 1) {
            throw CairnException.invalid(found.get(1).source() + ": a second " + CONFIG_MAP_NAME + " ConfigMap (the first is in " + found.get(0).source() + ")");
        }
        return found.isEmpty() ? DEFAULTS : found.get(0);
    }
}
