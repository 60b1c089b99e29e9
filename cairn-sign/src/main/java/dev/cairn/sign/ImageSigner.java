package dev.cairn.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.Signer;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Envelope;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Statement;
import dev.cairn.sign.wire.Bundle;
import dev.cairn.sign.wire.Json;
import dev.cairn.sign.wire.SimpleSigning;
import dev.cairn.sign.wire.StatementJson;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Signs images and attaches attestations, in either of cosign's storage formats. */
public final class ImageSigner {
    private final Signer signer;
    private final Clock clock;

    public ImageSigner(Signer signer, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What was stored, for the user: where and in which format. */
    public record Stored(SubjectImage image, SignatureFormat format, String where) {
    }

    /** Signs the image's digest; {@code annotations} become claims a verifier can require with {@code -a}. */
    public Stored sign(SubjectImage image, Map<String, String> annotations, SignatureFormat format) {
        AttachmentStore attachments = new AttachmentStore(image.store());
        return switch (format) {
            case LEGACY -> {
                byte[] payload = new SimpleSigning(image.identity(), image.digest(), SimpleSigning.COSIGN_TYPE, annotations).encode();
                attachments.appendLegacy(image.digest(), AttachmentStore.LegacyTag.SIGNATURES, payload,
                        Map.of(AttachmentStore.SIGNATURE_ANNOTATION, Json.base64(signer.sign(payload))));
                yield new Stored(image, format, image.store().location() + ":" + AttachmentStore.LegacyTag.SIGNATURES.tagFor(image.digest()));
            }
            case BUNDLE -> {
                // cosign v3 signs a statement "this digest was signed" with the annotations on its subject
                Statement statement = new Statement(Statement.TYPE_V1,
                        List.of(new Statement.Subject("", Map.of(image.digest().algorithm(), image.digest().hex()))),
                        PredicateTypes.COSIGN_SIGN_V1, Json.MAPPER.createObjectNode());
                Descriptor stored = attachBundle(attachments, image, StatementJson.encode(statement, annotations), PredicateTypes.COSIGN_SIGN_V1);
                yield new Stored(image, format, image.store().location() + "@" + stored.digest() + " (referrer)");
            }
        };
    }

    /** Attests {@code predicate} of {@code predicateType} about the image, signed in a DSSE envelope. */
    public Stored attest(SubjectImage image, String predicateType, JsonNode predicate, SignatureFormat format) {
        Statement statement = new Statement(Statement.TYPE_V1,
                List.of(new Statement.Subject(image.identity(), Map.of(image.digest().algorithm(), image.digest().hex()))),
                predicateType, predicate);
        byte[] payload = StatementJson.encode(statement, Map.of());
        AttachmentStore attachments = new AttachmentStore(image.store());
        return switch (format) {
            case LEGACY -> {
                attachments.appendLegacy(image.digest(), AttachmentStore.LegacyTag.ATTESTATIONS, envelopeBytes(payload),
                        Map.of(AttachmentStore.SIGNATURE_ANNOTATION, "", AttachmentStore.PREDICATE_TYPE_ANNOTATION, predicateType));
                yield new Stored(image, format, image.store().location() + ":" + AttachmentStore.LegacyTag.ATTESTATIONS.tagFor(image.digest()));
            }
            case BUNDLE -> {
                Descriptor stored = attachBundle(attachments, image, payload, predicateType);
                yield new Stored(image, format, image.store().location() + "@" + stored.digest() + " (referrer)");
            }
        };
    }

    private Descriptor attachBundle(AttachmentStore attachments, SubjectImage image, byte[] statement, String predicateType) {
        Bundle bundle = Bundle.withKey(signer.publicKey(), new Bundle.Content.Dsse(envelope(statement)));
        return attachments.attachBundle(image.descriptor(), bundle, predicateType, clock.instant());
    }

    private Envelope envelope(byte[] statement) {
        byte[] signature = signer.sign(Envelope.pae(MediaTypes.IN_TOTO, statement));
        return new Envelope(MediaTypes.IN_TOTO, statement, List.of(new Envelope.Signature("", signature)));
    }

    private byte[] envelopeBytes(byte[] statement) {
        return dev.cairn.sign.wire.EnvelopeJson.encode(envelope(statement));
    }
}
