package dev.cairn.sign.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * cosign's legacy signature payload ("simple signing"): the claim that {@code dockerReference}
 * at {@code manifestDigest} was signed, with optional annotations. Only the digest is a security
 * claim; the reference is informational, as in cosign.
 */
public record SimpleSigning(String dockerReference, Digest manifestDigest, String type, Map<String, String> optional) {
    public static final String COSIGN_TYPE = "cosign container image signature";

    public SimpleSigning {
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(type, "type");
        optional = Map.copyOf(optional);
    }

    public byte[] encode() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", type);
        if (optional.isEmpty()) {
            root.putNull("optional");
        } else {
            ObjectNode opt = root.putObject("optional");
            new java.util.TreeMap<>(optional).forEach(opt::put);
        }
        return Json.bytes(root);
    }

    public static SimpleSigning decode(byte[] payload) {
        JsonNode root = Json.object(payload, "simple-signing payload");
        JsonNode critical = root.path("critical");
        if (!critical.isObject()) {
            throw CairnException.invalid("simple-signing payload lacks 'critical'");
        }
        String reference = critical.path("identity").path("docker-reference").asText("");
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        if (digest.isEmpty()) {
            throw CairnException.invalid("simple-signing payload lacks critical.image.docker-manifest-digest");
        }
        Map<String, String> optional = new LinkedHashMap<>();
        JsonNode opt = root.path("optional");
        if (opt.isObject()) {
            // Non-string values (cosign's keyless payloads carry a Bundle object here) are not annotations.
            opt.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    optional.put(e.getKey(), e.getValue().textValue());
                }
            });
        }
        return new SimpleSigning(reference, Digest.parse(digest), critical.path("type").asText(""), optional);
    }
}
