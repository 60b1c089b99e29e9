package dev.cairn.sign.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Envelope;

import java.util.ArrayList;
import java.util.List;

/** DSSE envelope JSON: {@code {"payloadType","payload","signatures":[{"keyid","sig"}]}}. */
public final class EnvelopeJson {
    private static final int MAX_SIGNATURES = 16;

    private EnvelopeJson() {
    }

    public static ObjectNode toJson(Envelope envelope) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("payload", Json.base64(envelope.payload()));
        root.put("payloadType", envelope.payloadType());
        ArrayNode sigs = root.putArray("signatures");
        for (Envelope.Signature s : envelope.signatures()) {
            ObjectNode sig = sigs.addObject();
            if (!s.keyid().isEmpty()) {
                sig.put("keyid", s.keyid());
            }
            sig.put("sig", Json.base64(s.sig()));
        }
        return root;
    }

    public static byte[] encode(Envelope envelope) {
        return Json.bytes(toJson(envelope));
    }

    public static Envelope decode(byte[] bytes) {
        return fromJson(Json.object(bytes, "DSSE envelope"));
    }

    public static Envelope fromJson(JsonNode root) {
        String what = "DSSE envelope";
        byte[] payload = Json.base64(root, "payload", what);
        String payloadType = Json.text(root, "payloadType", what);
        JsonNode sigs = root.path("signatures");
        if (!sigs.isArray() || sigs.isEmpty()) {
            throw CairnException.invalid(what + " has no signatures");
        }
        if (sigs.size() > MAX_SIGNATURES) {
            throw CairnException.invalid(what + " has " + sigs.size() + " signatures; the limit is " + MAX_SIGNATURES);
        }
        List<Envelope.Signature> signatures = new ArrayList<>();
        for (JsonNode s : sigs) {
            signatures.add(new Envelope.Signature(s.path("keyid").asText(""), Json.base64(s, "sig", what + " signature")));
        }
        return new Envelope(payloadType, payload, signatures);
    }
}
