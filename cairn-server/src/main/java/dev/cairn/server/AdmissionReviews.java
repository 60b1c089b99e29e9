package dev.cairn.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.RuleResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code admission.k8s.io/v1} AdmissionReview in and out. Parsing is bounded (depth, string and
 * number sizes; the body size is bounded by the HTTP layer) and strict (duplicate keys refused, so
 * we cannot read a different object than the API server meant).
 */
final class AdmissionReviews {
    static final String API_VERSION = "admission.k8s.io/v1";
    static final int MAX_DEPTH = 100;
    private static final int MAX_UID_LENGTH = 128;
    private static final int MAX_WARNINGS = 20;
    private static final int MAX_WARNING_CHARS = 512;
    private static final int MAX_MESSAGE_CHARS = 8 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxNumberLength(64).maxStringLength(1 << 20).build());
        JSON.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    private AdmissionReviews() {
    }

    /** A request that is not an AdmissionReview we can answer: HTTP 400 with this one-line message. */
    static final class BadReview extends RuntimeException {
        BadReview(String message) {
            super(message, null, false, false);
        }
    }

    /** The parts of an AdmissionReview request the webhook acts on. */
    record Request(String uid, AdmissionResource resource, Optional<String> subResource) {
    }

    static JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadReview("empty body: expected an AdmissionReview");
            }
            return node;
        } catch (IOException e) {
            throw new BadReview("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    static Request parse(JsonNode review) {
        if (!review.isObject() || !API_VERSION.equals(review.path("apiVersion").asText()) || !"AdmissionReview".equals(review.path("kind").asText())) {
            throw new BadReview("expected an AdmissionReview of apiVersion " + API_VERSION);
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new BadReview("AdmissionReview has no request");
        }
        String uid = request.path("uid").asText("");
        if (!request.path("uid").isTextual() || uid.isEmpty() || uid.length() > MAX_UID_LENGTH) {
            throw new BadReview("AdmissionReview request has no valid uid");
        }
        AdmissionResource.Operation operation;
        try {
            operation = AdmissionResource.Operation.valueOf(request.path("operation").asText(""));
        } catch (IllegalArgumentException e) {
            throw new BadReview("AdmissionReview request has an unknown operation");
        }
        JsonNode kind = request.path("kind");
        String group = kind.path("group").asText("");
        String version = kind.path("version").asText("");
        String kindName = kind.path("kind").asText("");
        JsonNode object = request.path("object");
        Optional<JsonNode> oldObject = request.path("oldObject").isObject() ? Optional.of(request.path("oldObject")) : Optional.empty();
        if (!object.isObject()) {
            if (operation == AdmissionResource.Operation.CREATE || operation == AdmissionResource.Operation.UPDATE) {
                throw new BadReview("AdmissionReview " + operation + " request has no object");
            }
            object = oldObject.orElse(JsonNodeFactory.instance.objectNode());
        }
        String name = firstNonEmpty(request.path("name").asText(""), object.path("metadata").path("name").asText(""),
                object.path("metadata").path("generateName").asText(""));
        String namespace = request.path("namespace").asText(object.path("metadata").path("namespace").asText(""));
        AdmissionResource resource = new AdmissionResource(group.isEmpty() ? version : group + "/" + version, kindName, namespace, name,
                operation, object, oldObject, request.path("dryRun").asBoolean(false));
        Optional<String> subResource = request.path("subResource").isTextual() ? Optional.of(request.path("subResource").asText()) : Optional.empty();
        return new Request(uid, resource, subResource);
    }

    /** An allowed answer, with warnings and (on the mutating endpoint) the digest pins as a JSONPatch. */
    static byte[] allowed(String uid, List<String> warnings, List<RuleResult.ImagePatch> patches) {
        ObjectNode response = response(uid, true, warnings);
        if (!patches.isEmpty()) {
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            for (RuleResult.ImagePatch p : patches) {
                patch.addObject().put("op", "replace").put("path", p.pointer()).put("value", p.pinned());
            }
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return write(response);
    }

    /** A denial: HTTP-style code (403 for a policy, 400 for a request we refuse to evaluate) and the one-line reason. */
    static byte[] denied(String uid, int code, String message, List<String> warnings) {
        ObjectNode response = response(uid, false, warnings);
        ObjectNode status = response.putObject("status");
        status.put("status", "Failure");
        status.put("code", code);
        status.put("reason", code == 403 ? "Forbidden" : "BadRequest");
        status.put("message", cut(message, MAX_MESSAGE_CHARS));
        return write(response);
    }

    private static ObjectNode response(String uid, boolean allowed, List<String> warnings) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("uid", uid);
        response.put("allowed", allowed);
        if (!warnings.isEmpty()) {
            // The API server passes warnings to kubectl as HTTP Warning headers: keep them few and short.
            ArrayNode w = response.putArray("warnings");
            warnings.stream().limit(MAX_WARNINGS).forEach(s -> w.add(cut(s, MAX_WARNING_CHARS)));
            if (warnings.size() > MAX_WARNINGS) {
                w.add("… and " + (warnings.size() - MAX_WARNINGS) + " more warnings");
            }
        }
        return response;
    }

    private static byte[] write(ObjectNode response) {
        try {
            return JSON.writeValueAsBytes(wrap(response));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode wrap(ObjectNode response) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", "AdmissionReview");
        review.set("response", response);
        return review;
    }

    private static String firstNonEmpty(String... candidates) {
        for (String c : candidates) {
            if (!c.isEmpty()) {
                return c;
            }
        }
        return "";
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return cut(nl >= 0 ? m.substring(0, nl) : m, 200);
    }
}
