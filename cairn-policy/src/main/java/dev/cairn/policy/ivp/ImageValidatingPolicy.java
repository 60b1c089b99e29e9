package dev.cairn.policy.ivp;

import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.ImagePolicy;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;
import dev.cairn.policy.Wildcard;
import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One parsed Kyverno {@code ImageValidatingPolicy} ({@code policies.kyverno.io} v1alpha1, v1beta1,
 * v1). Policies of a set are evaluated together by {@link ImageValidatingPolicies}, because Kyverno's
 * {@code validationConfigurations.required} accepts verification evidence from any policy of the
 * request; evaluated alone, a policy is a set of one.
 *
 * @param deny            {@code validationActions} includes Deny (else Audit/Warn: failures only warn)
 * @param ignoreFailures  {@code failurePolicy: Ignore}: evaluation errors do not deny
 * @param autogen         the pod controllers (Kyverno's autogen) this Pod policy also applies to
 */
public record ImageValidatingPolicy(String source, String name, MatchConstraints match, List<NamedProgram> matchConditions,
                                    List<ImageMatcher> matchImageReferences, Map<String, CelRuntime.Program> imageExtractors,
                                    Map<String, Attestor> attestors, Map<String, String> attestations, List<Validation> validations,
                                    boolean deny, boolean ignoreFailures, boolean mutateDigest, boolean verifyDigest, boolean required,
                                    Set<String> autogen) implements ImagePolicy {
    public static final String KIND = "ImageValidatingPolicy";

    public ImageValidatingPolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        matchConditions = List.copyOf(matchConditions);
        matchImageReferences = List.copyOf(matchImageReferences);
        imageExtractors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(imageExtractors));
        attestors = Map.copyOf(attestors);
        attestations = Map.copyOf(attestations);
        validations = List.copyOf(validations);
        autogen = Set.copyOf(autogen);
    }

    /** A CEL program with the name it has in the document. */
    public record NamedProgram(String name, CelRuntime.Program program) {
    }

    /** {@code validations[]}: the expression, and the message (or message expression) when it is false. */
    public record Validation(CelRuntime.Program program, String message, Optional<CelRuntime.Program> messageExpression) {
    }

    /** {@code attestors[]} with {@code cosign.key}: the key, and the annotations signatures must carry. */
    public record Attestor(String name, TrustedKey key, Map<String, String> annotations) {
        public Attestor {
            annotations = Map.copyOf(annotations);
        }
    }

    /** {@code matchImageReferences[]}: a Kyverno glob, or a CEL expression over {@code ref}. */
    public sealed interface ImageMatcher {
        record Glob(String glob) implements ImageMatcher {
        }

        record Expression(String expression, CelRuntime.Program program) implements ImageMatcher {
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
        return new ImageValidatingPolicies(List.of(this)).evaluate(resource, verifications);
    }

    RuleResult.FailureAction action() {
        return deny ? RuleResult.FailureAction.ENFORCE : RuleResult.FailureAction.AUDIT;
    }

    /** Kyverno's globs are matched against the image exactly as written in the resource, no normalisation. */
    static boolean globMatches(ImageMatcher.Glob glob, String image) {
        return Wildcard.matches(glob.glob(), image);
    }
}
