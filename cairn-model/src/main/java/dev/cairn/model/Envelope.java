package dev.cairn.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** A DSSE envelope: a typed payload and signatures over its pre-authentication encoding. */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    public Envelope {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        signatures = List.copyOf(signatures);
    }

    /** One signature; {@code keyid} is a hint only and never trusted. */
    public record Signature(String keyid, byte[] sig) {
        public Signature {
            Objects.requireNonNull(keyid, "keyid");
            Objects.requireNonNull(sig, "sig");
        }
    }

    /**
     * The bytes that are actually signed: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}.
     * Signing the encoding rather than the payload binds the type, so a payload cannot be replayed
     * under another type.
     */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public byte[] pae() {
        return pae(payloadType, payload);
    }
}
