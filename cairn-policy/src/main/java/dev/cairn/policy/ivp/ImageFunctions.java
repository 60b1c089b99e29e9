package dev.cairn.policy.ivp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.Verdict;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kyverno's image verification functions for one admission request ({@code pkg/cel/libs/imageverify}):
 * <ul>
 *   <li>{@code verifyImageSignatures(image, [attestors.a, …])}: how many of the attestors signed the
 *       image; 0 for an image the policy's {@code matchImageReferences} does not select;</li>
 *   <li>{@code verifyAttestationSignatures(image, attestations.x, [attestors.a, …])}: how many of the
 *       attestors attested it with the attestation's in-toto type;</li>
 *   <li>{@code extractPayload(image, attestations.x)}: the verified in-toto statement (as cosign's
 *       {@code AttestationToPayloadJSON} gives it: {@code _type}, {@code predicateType},
 *       {@code subject}, {@code predicate}); an error unless verifyAttestationSignatures verified it
 *       earlier in the same request, as in Kyverno.</li>
 * </ul>
 * Attestors are looked up by {@code name} in the calling policy, so a map literal cannot smuggle in
 * a key the policy does not declare. Where Kyverno only logs a registry failure and counts the
 * attestor as not verified, Cairn makes it an evaluation error: a registry outage is reported as an
 * ERROR, never turned into a verdict. Each request makes at most {@link #MAX_CHECKS} distinct checks;
 * repeated identical calls are answered from memory.
 */
final class ImageFunctions {
    static final int MAX_CHECKS = 256;

    private final Verifications verifications;
    /** Kyverno's ImageVerificationResults: per image, whether any check of any policy verified it. */
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> payloads = new ConcurrentHashMap<>();
    private final Map<String, Digest> digests = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();

    ImageFunctions(Verifications verifications) {
        this.verifications = verifications;
    }

    /** Whether any policy verified {@code image}, and whether any tried: Kyverno's {@code Status}. */
    Optional<Boolean> status(String image) {
        return Optional.ofNullable(verified.get(image));
    }

    /** The functions bound to one policy's attestors, attestations and image references. */
    CelLateFunctionBindings bindings(ImageValidatingPolicy policy, ImageMatching matching) {
        return CelLateFunctionBindings.from(
                CelFunctionBinding.from(IvpCel.VERIFY_SIGNATURES, String.class, List.class,
                        (image, attestors) -> verifySignatures(policy, matching, image, attestors)),
                CelFunctionBinding.from(IvpCel.VERIFY_ATTESTATIONS, List.of(String.class, String.class, List.class),
                        args -> verifyAttestations(policy, matching, (String) args[0], (String) args[1], (List<?>) args[2])),
                CelFunctionBinding.from(IvpCel.EXTRACT_PAYLOAD, String.class, String.class,
                        (image, attestation) -> payload(policy, image, attestation)));
    }

    private long verifySignatures(ImageValidatingPolicy policy, ImageMatching matching, String image, List<?> attestors) throws CelEvaluationException {
        if (!matching.matches(image)) {
            return 0L;
        }
        List<ImageValidatingPolicy.Attestor> resolved = attestors(policy, attestors);
        long count = 0;
        for (ImageValidatingPolicy.Attestor attestor : resolved) {
            String key = "sig|" + image + "|" + attestor.key().fingerprint() + "|" + new java.util.TreeMap<>(attestor.annotations());
            if (cached(key, () -> {
                ImageRef ref = parse(image);
                Verdict<Verdict.Signature> verdict = verifications.signatures(ref, digest(image, ref), attestor.key(), attestor.annotations());
                return verdict.ok() ? 1L : 0L;
            }) > 0) {
                count++;
            }
        }
        if (!resolved.isEmpty()) {
            verified.merge(image, count > 0, Boolean::logicalOr);
        }
        return count;
    }

    private long verifyAttestations(ImageValidatingPolicy policy, ImageMatching matching, String image, String attestation,
                                    List<?> attestors) throws CelEvaluationException {
        if (!matching.matches(image)) {
            return 0L;
        }
        String type = policy.attestations().get(attestation);
        if (type == null) {
            throw error("attestation not found in policy: " + attestation);
        }
        List<ImageValidatingPolicy.Attestor> resolved = attestors(policy, attestors);
        long count = 0;
        for (ImageValidatingPolicy.Attestor attestor : resolved) {
            if (!attestor.annotations().isEmpty()) {
                throw error("attestor " + attestor.name() + " requires annotations, which Cairn checks on image signatures only");
            }
            String key = "att|" + image + "|" + type + "|" + attestor.key().fingerprint();
            if (cached(key, () -> {
                ImageRef ref = parse(image);
                Verdict<Verdict.Attestation> verdict = verifications.attestations(ref, digest(image, ref), attestor.key(), Optional.of(type));
                Optional<Verdict.Attestation> match = verdict.verified().stream()
                        .filter(a -> a.statement().predicateType().equals(type)).findFirst();
                match.ifPresent(a -> payloads.put(image + "\u0000" + type, a.statementJson()));
                return match.isPresent() ? 1L : 0L;
            }) > 0) {
                count++;
            }
        }
        if (!resolved.isEmpty()) {
            verified.merge(image, count > 0, Boolean::logicalOr);
        }
        return count;
    }

    private Object payload(ImageValidatingPolicy policy, String image, String attestation) throws CelEvaluationException {
        String type = policy.attestations().get(attestation);
        if (type == null) {
            throw error("attestation not found in policy: " + attestation);
        }
        JsonNode statement = payloads.get(image + "\u0000" + type);
        if (statement == null) {
            throw error("failed to get payload: intoto attestation payload cannot be fetched before verifying it (call verifyAttestationSignatures for "
                    + image + " and " + attestation + " first)");
        }
        return StatementPolicy.JsonToCel.convert(statement);
    }

    private List<ImageValidatingPolicy.Attestor> attestors(ImageValidatingPolicy policy, List<?> values) throws CelEvaluationException {
        List<ImageValidatingPolicy.Attestor> resolved = new java.util.ArrayList<>();
        for (Object value : values) {
            Object name = value instanceof Map<?, ?> map ? map.get("name") : null;
            ImageValidatingPolicy.Attestor attestor = name instanceof String s ? policy.attestors().get(s) : null;
            if (attestor == null) {
                throw error("not an attestor of policy " + policy.name() + ": " + oneLine(String.valueOf(value)));
            }
            resolved.add(attestor);
        }
        return resolved;
    }

    private interface Check {
        long run();
    }

    /** Runs a check once per request; a registry failure becomes a CEL error that names it. */
    private long cached(String key, Check check) throws CelEvaluationException {
        Long known = counts.get(key);
        if (known != null) {
            return known;
        }
        if (checks.incrementAndGet() > MAX_CHECKS) {
            throw error("more than " + MAX_CHECKS + " signature and attestation checks in one request");
        }
        try {
            long result = check.run();
            counts.put(key, result);
            return result;
        } catch (CairnException e) {
            throw error(e.getMessage());
        }
    }

    private Digest digest(String image, ImageRef ref) {
        return digests.computeIfAbsent(image, i -> verifications.resolve(ref));
    }

    private static ImageRef parse(String image) {
        return ImageRef.parse(image);
    }

    private static CelEvaluationException error(String message) {
        return CelEvaluationExceptionBuilder.newBuilder("%s", oneLine(message)).build();
    }

    private static String oneLine(String s) {
        String line = s.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
