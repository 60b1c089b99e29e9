package dev.cairn.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Strict JSON → {@link Manifest}; every failure is one INVALID_INPUT line naming the manifest. */
final class ManifestParser {
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build())
            // a duplicated key lets two parsers see two different manifests in the same bytes
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> KNOWN = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    private final String name;
    private final int maxEntries;

    private ManifestParser(String name, int maxEntries) {
        this.name = name;
        this.maxEntries = maxEntries;
    }

    static Manifest parse(byte[] bytes, String declaredType, String name, int maxEntries, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw CairnException.invalid("manifest " + name + " is " + bytes.length + " bytes; the limit is " + maxBytes);
        }
        return new ManifestParser(name, maxEntries).parse(readTree(bytes, name), declaredType);
    }

    static JsonNode readTree(byte[] bytes, String name) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw CairnException.invalid(name + " is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw CairnException.invalid(name + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private Manifest parse(JsonNode root, String declaredType) {
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isInt() || version.intValue() != 2) {
            throw fail("unsupported schemaVersion " + (version == null ? "(missing)" : version.toString()) + "; only 2 is supported");
        }
        String mediaType = mediaType(root, declaredType);
        Optional<String> artifactType = optionalText(root, "artifactType");
        Optional<Descriptor> subject = root.has("subject") ? Optional.of(descriptor(root.get("subject"), "subject")) : Optional.empty();
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        if (MediaTypes.isIndex(mediaType)) {
            if (root.has("config") || root.has("layers")) {
                throw fail("an index must not have config or layers");
            }
            return new Manifest.Index(mediaType, descriptors(root.get("manifests"), "manifests"), subject, artifactType, annotations);
        }
        if (root.has("manifests")) {
            throw fail("an image manifest must not have manifests");
        }
        JsonNode config = root.get("config");
        if (config == null) {
            throw fail("missing config");
        }
        return new Manifest.Image(mediaType, descriptor(config, "config"), descriptors(root.get("layers"), "layers"), subject, artifactType, annotations);
    }

    /** The store's media type wins; the JSON field is the fallback, and the two must not disagree. */
    private String mediaType(JsonNode root, String declaredType) {
        Optional<String> field = optionalText(root, "mediaType");
        String chosen;
        if (KNOWN.contains(declaredType)) {
            if (field.isPresent() && !field.get().equals(declaredType)) {
                throw fail("media type " + declaredType + " disagrees with mediaType field " + field.get());
            }
            chosen = declaredType;
        } else if (field.isPresent()) {
            chosen = field.get();
        } else {
            // OCI made mediaType optional in early 1.0 manifests; structure then decides
            chosen = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (!KNOWN.contains(chosen)) {
            throw fail("unsupported media type " + chosen);
        }
        return chosen;
    }

    private List<Descriptor> descriptors(JsonNode array, String field) {
        if (array == null) {
            if (field.equals("layers")) {
                return List.of();
            }
            throw fail("missing " + field);
        }
        if (!array.isArray()) {
            throw fail(field + " is not an array");
        }
        if (array.size() > maxEntries) {
            throw fail("has " + array.size() + " " + field + "; the limit is " + maxEntries);
        }
        List<Descriptor> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw fail(where + " is not an object");
        }
        String mediaType = optionalText(node, "mediaType").orElseThrow(() -> fail(where + " has no mediaType"));
        String digestText = optionalText(node, "digest").orElseThrow(() -> fail(where + " has no digest"));
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (CairnException e) {
            throw fail(where + ": " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToExactIntegral() || !size.canConvertToLong() || size.longValue() < 0) {
            throw fail(where + " has no valid size");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = node.get("platform");
        if (p != null) {
            if (!p.isObject()) {
                throw fail(where + ".platform is not an object");
            }
            platform = Optional.of(new Platform(
                    optionalText(p, "os").orElseThrow(() -> fail(where + ".platform has no os")),
                    optionalText(p, "architecture").orElseThrow(() -> fail(where + ".platform has no architecture")),
                    optionalText(p, "variant")));
        }
        return new Descriptor(mediaType, digest, size.longValue(), optionalText(node, "artifactType"),
                annotations(node.get("annotations"), where + ".annotations"), platform);
    }

    private Map<String, String> annotations(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw fail(where + " is not an object");
        }
        if (node.size() > Limits.MAX_ANNOTATIONS) {
            throw fail("has " + node.size() + " " + where + "; the limit is " + Limits.MAX_ANNOTATIONS);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw fail(where + "." + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw fail(field + " is not a string");
        }
        return Optional.of(value.textValue());
    }

    private CairnException fail(String what) {
        return CairnException.invalid("manifest " + name + ": " + what);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
