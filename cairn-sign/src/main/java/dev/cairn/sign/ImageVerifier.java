package dev.cairn.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.model.CairnException;
import dev.cairn.model.Envelope;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Statement;
import dev.cairn.sign.wire.EnvelopeJson;
import dev.cairn.sign.wire.Json;
import dev.cairn.sign.wire.SimpleSigning;
import dev.cairn.sign.wire.StatementJson;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies an image's signatures and attestations, in both cosign formats, against one public key.
 * Each candidate must carry a valid signature by the key AND claim exactly this image's digest:
 * a valid signature over another digest proves nothing about this one.
 */
public final class ImageVerifier {
    private final SignatureVerifier key;

    public ImageVerifier(SignatureVerifier key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Signatures that verify and carry every required annotation with the required value. */
    public Verdict<Verdict.Signature> verifySignatures(SubjectImage image, Map<String, String> requiredAnnotations) {
        AttachmentStore store = new AttachmentStore(image.store());
        List<Verdict.Signature> verified = new ArrayList<>();
        List<Verdict.Rejection> rejected = new ArrayList<>();
        String sigTag = AttachmentStore.LegacyTag.SIGNATURES.tagFor(image.digest());

        for (AttachmentStore.LegacyLayer layer : store.legacyLayers(image.digest(), AttachmentStore.LegacyTag.SIGNATURES)) {
            String source = "tag " + sigTag + " layer " + layer.descriptor().digest().shortForm();
            checkLegacy(image, layer, requiredAnnotations).ifPresentOrElse(
                    reason -> rejected.add(new Verdict.Rejection(source, reason)),
                    () -> verified.add(new Verdict.Signature(SignatureFormat.LEGACY, source, SimpleSigning.decode(layer.content()))));
        }
        for (AttachmentStore.StoredBundle stored : store.bundles(image.digest())) {
            String predicateType = stored.annotations().getOrDefault(AttachmentStore.BUNDLE_PREDICATE_TYPE_ANNOTATION, "");
            if (!predicateType.equals(PredicateTypes.COSIGN_SIGN_V1)) {
                continue; // an attestation, not a signature
            }
            String source = "referrer " + stored.manifest().digest().shortForm();
            try {
                Checked checked = checkEnvelope(image, stored.bundle().envelope());
                Optional<String> reason = checked.problem().or(() -> {
                    if (!checked.statement().predicateType().equals(PredicateTypes.COSIGN_SIGN_V1)) {
                        return Optional.of("statement predicate type is " + checked.statement().predicateType() + ", not a signature");
                    }
                    return annotationMismatch(requiredAnnotations, StatementJson.subjectAnnotations(checked.json()));
                });
                if (reason.isPresent()) {
                    rejected.add(new Verdict.Rejection(source, reason.get()));
                } else {
                    verified.add(new Verdict.Signature(SignatureFormat.BUNDLE, source, new SimpleSigning(image.display(),
                            image.digest(), PredicateTypes.COSIGN_SIGN_V1, StatementJson.subjectAnnotations(checked.json()))));
                }
            } catch (CairnException e) {
                rejected.add(new Verdict.Rejection(source, e.getMessage()));
            }
        }
        return new Verdict<>(image, verified, rejected, List.of("referrers", "tag " + sigTag));
    }

    /** Attestations that verify, are about this image, and (when given) have the predicate type. */
    public Verdict<Verdict.Attestation> verifyAttestations(SubjectImage image, Optional<String> predicateType) {
        AttachmentStore store = new AttachmentStore(image.store());
        List<Verdict.Attestation> verified = new ArrayList<>();
        List<Verdict.Rejection> rejected = new ArrayList<>();
        String attTag = AttachmentStore.LegacyTag.ATTESTATIONS.tagFor(image.digest());

        for (AttachmentStore.LegacyLayer layer : store.legacyLayers(image.digest(), AttachmentStore.LegacyTag.ATTESTATIONS)) {
            String source = "tag " + attTag + " layer " + layer.descriptor().digest().shortForm();
            try {
                consider(image, predicateType, SignatureFormat.LEGACY, source, EnvelopeJson.decode(layer.content()), verified, rejected);
            } catch (CairnException e) {
                rejected.add(new Verdict.Rejection(source, e.getMessage()));
            }
        }
        for (AttachmentStore.StoredBundle stored : store.bundles(image.digest())) {
            if (PredicateTypes.COSIGN_SIGN_V1.equals(stored.annotations().get(AttachmentStore.BUNDLE_PREDICATE_TYPE_ANNOTATION))) {
                continue; // a signature, not an attestation
            }
            String source = "referrer " + stored.manifest().digest().shortForm();
            try {
                consider(image, predicateType, SignatureFormat.BUNDLE, source, stored.bundle().envelope(), verified, rejected);
            } catch (CairnException e) {
                rejected.add(new Verdict.Rejection(source, e.getMessage()));
            }
        }
        return new Verdict<>(image, verified, rejected, List.of("referrers", "tag " + attTag));
    }

    private void consider(SubjectImage image, Optional<String> predicateType, SignatureFormat format, String source, Envelope envelope,
                          List<Verdict.Attestation> verified, List<Verdict.Rejection> rejected) {
        Checked checked = checkEnvelope(image, envelope);
        if (checked.problem().isPresent()) {
            rejected.add(new Verdict.Rejection(source, checked.problem().get()));
            return;
        }
        if (checked.statement().predicateType().equals(PredicateTypes.COSIGN_SIGN_V1)) {
            return;
        }
        if (predicateType.isPresent() && !predicateType.get().equals(checked.statement().predicateType())) {
            return; // another type: neither valid nor invalid for this question
        }
        verified.add(new Verdict.Attestation(format, source, envelope, checked.statement(), checked.json()));
    }

    /** A DSSE envelope checked against the key and the image; {@code problem} says what failed. */
    private record Checked(Optional<String> problem, Statement statement, JsonNode json) {
        static Checked failed(String problem) {
            return new Checked(Optional.of(problem), null, null);
        }
    }

    private Checked checkEnvelope(SubjectImage image, Envelope envelope) {
        if (!envelope.payloadType().equals(MediaTypes.IN_TOTO)) {
            return Checked.failed("envelope payload type is '" + envelope.payloadType() + "', not " + MediaTypes.IN_TOTO);
        }
        byte[] pae = envelope.pae();
        if (envelope.signatures().stream().noneMatch(s -> key.verify(pae, s.sig()))) {
            return Checked.failed("signature does not verify with the given key");
        }
        JsonNode json = Json.object(envelope.payload(), "attestation payload");
        Statement statement = StatementJson.decode(json);
        if (!statement.isAbout(image.digest())) {
            return Checked.failed("statement is about another artifact, not " + image.digest());
        }
        return new Checked(Optional.empty(), statement, json);
    }

    private Optional<String> checkLegacy(SubjectImage image, AttachmentStore.LegacyLayer layer, Map<String, String> required) {
        String encoded = layer.descriptor().annotations().getOrDefault(AttachmentStore.SIGNATURE_ANNOTATION, "");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return Optional.of("signature annotation is not base64");
        }
        if (!key.verify(layer.content(), signature)) {
            return Optional.of("signature does not verify with the given key");
        }
        SimpleSigning claim;
        try {
            claim = SimpleSigning.decode(layer.content());
        } catch (CairnException e) {
            return Optional.of(e.getMessage());
        }
        if (!claim.manifestDigest().equals(image.digest())) {
            return Optional.of("payload claims digest " + claim.manifestDigest() + ", not " + image.digest());
        }
        if (!claim.type().equals(SimpleSigning.COSIGN_TYPE)) {
            return Optional.of("payload type is '" + claim.type() + "', not '" + SimpleSigning.COSIGN_TYPE + "'");
        }
        return annotationMismatch(required, claim.optional());
    }

    private static Optional<String> annotationMismatch(Map<String, String> required, Map<String, String> actual) {
        return required.entrySet().stream()
                .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .findFirst()
                .map(e -> "annotation " + e.getKey() + "=" + e.getValue() + " required, payload has "
                        + (actual.containsKey(e.getKey()) ? e.getKey() + "=" + actual.get(e.getKey()) : "none"));
    }
}
