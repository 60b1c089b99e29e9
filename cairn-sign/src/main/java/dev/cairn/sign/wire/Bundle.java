package dev.cairn.sign.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.Envelope;
import dev.cairn.model.MediaTypes;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Sigstore bundle (v0.1 – v0.3): verification material plus either a message signature (blobs)
 * or a DSSE envelope (images, attestations). Only the parts key-based verification needs are
 * modelled; transparency-log entries are kept as a count until a log exists.
 */
public record Bundle(String mediaType, Material material, int tlogEntries, Content content) {
    private static final Set<String> MEDIA_TYPES = Set.of(
            MediaTypes.SIGSTORE_BUNDLE_V03,
            "application/vnd.dev.sigstore.bundle+json;version=0.1",
            "application/vnd.dev.sigstore.bundle+json;version=0.2",
            "application/vnd.dev.sigstore.bundle+json;version=0.3");

    public Bundle {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(content, "content");
    }

    /** What identifies the signer. */
    public sealed interface Material {
        /** A key-based bundle names its key only by hint; the verifier supplies the key. */
        record PublicKeyHint(String hint) implements Material {
        }

        /** A keyless bundle carries its leaf certificate (DER). */
        record Certificate(byte[] der) implements Material {
        }
    }

    /** What was signed. */
    public sealed interface Content {
        record MessageSignature(Optional<Digest> messageDigest, byte[] signature) implements Content {
        }

        record Dsse(Envelope envelope) implements Content {
        }
    }

    /** cosign's key hint: base64 of the SHA-256 of the PKIX public key. */
    public static String hint(PublicKey key) {
        return Json.base64(Digest.sha256(key.getEncoded()).bytes());
    }

    public static Bundle withKey(PublicKey key, Content content) {
        return new Bundle(MediaTypes.SIGSTORE_BUNDLE_V03, new Material.PublicKeyHint(hint(key)), 0, content);
    }

    public byte[] encode() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("mediaType", mediaType);
        ObjectNode vm = root.putObject("verificationMaterial");
        switch (material) {
            case Material.PublicKeyHint h -> vm.putObject("publicKey").put("hint", h.hint());
            case Material.Certificate c -> vm.putObject("certificate").put("rawBytes", Json.base64(c.der()));
        }
        switch (content) {
            case Content.MessageSignature m -> {
                ObjectNode ms = root.putObject("messageSignature");
                m.messageDigest().ifPresent(d -> ms.putObject("messageDigest")
                        .put("algorithm", d.algorithm().equals("sha256") ? "SHA2_256" : "SHA2_512")
                        .put("digest", Json.base64(d.bytes())));
                ms.put("signature", Json.base64(m.signature()));
            }
            case Content.Dsse d -> root.set("dsseEnvelope", EnvelopeJson.toJson(d.envelope()));
        }
        return Json.bytes(root);
    }

    public static Bundle decode(byte[] bytes) {
        String what = "Sigstore bundle";
        JsonNode root = Json.object(bytes, what);
        String mediaType = Json.text(root, "mediaType", what);
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw CairnException.invalid(what + " has unsupported mediaType '" + mediaType + "'");
        }
        JsonNode vm = root.path("verificationMaterial");
        Material material;
        if (vm.has("publicKey")) {
            material = new Material.PublicKeyHint(vm.path("publicKey").path("hint").asText(""));
        } else if (vm.has("certificate")) {
            material = new Material.Certificate(Json.base64(vm.get("certificate"), "rawBytes", what + " certificate"));
        } else if (vm.path("x509CertificateChain").path("certificates").isArray()
                && !vm.path("x509CertificateChain").path("certificates").isEmpty()) {
            material = new Material.Certificate(Json.base64(vm.path("x509CertificateChain").path("certificates").get(0), "rawBytes", what + " certificate"));
        } else {
            throw CairnException.invalid(what + " has no verification material (publicKey or certificate)");
        }
        int tlogEntries = vm.path("tlogEntries").size();
        Content content;
        if (root.has("dsseEnvelope")) {
            content = new Content.Dsse(EnvelopeJson.fromJson(root.get("dsseEnvelope")));
        } else if (root.has("messageSignature")) {
            JsonNode ms = root.get("messageSignature");
            Optional<Digest> digest = Optional.empty();
            if (ms.has("messageDigest")) {
                JsonNode md = ms.get("messageDigest");
                String algorithm = switch (md.path("algorithm").asText("")) {
                    case "SHA2_256" -> "sha256";
                    case "SHA2_512" -> "sha512";
                    default -> throw CairnException.invalid(what + " uses unsupported digest algorithm '" + md.path("algorithm").asText("") + "'");
                };
                digest = Optional.of(new Digest(algorithm, HexFormat.of().formatHex(Json.base64(md, "digest", what))));
            }
            content = new Content.MessageSignature(digest, Json.base64(ms, "signature", what));
        } else {
            throw CairnException.invalid(what + " has neither messageSignature nor dsseEnvelope");
        }
        return new Bundle(mediaType, material, tlogEntries, content);
    }

    /** The DSSE envelope, or a clear error for a message-signature bundle where one was expected. */
    public Envelope envelope() {
        if (content instanceof Content.Dsse d) {
            return d.envelope();
        }
        throw CairnException.invalid("bundle holds a message signature where a DSSE envelope was expected");
    }

    static List<String> mediaTypes() {
        return new ArrayList<>(MEDIA_TYPES);
    }
}
