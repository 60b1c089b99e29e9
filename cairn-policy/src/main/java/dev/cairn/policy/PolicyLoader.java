package dev.cairn.policy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.model.CairnException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads policy documents from YAML or JSON text (multi-document YAML, as {@code kubectl apply -f}
 * takes them). All or nothing: one document that does not parse fails the
 * whole load, so a server keeps its last good set instead of enforcing half of a new one.
 */
public final class PolicyLoader {
    public static final long MAX_FILE_BYTES = 4L << 20;
    static final int MAX_DOCUMENTS = 10_000;
    private static final int MAX_DEPTH = 64;

    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50); // the "billion laughs" bound
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        YAML = new ObjectMapper(YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(1 << 20).build())
                .build());
    }

    private final List<PolicyFormat> formats;

    public PolicyLoader(List<PolicyFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** Every format Cairn knows. */
    public static PolicyLoader standard() {
        return new PolicyLoader(List.of(
                new dev.cairn.policy.kyverno.KyvernoFormat(),
                new dev.cairn.policy.sigstore.ClusterImagePolicyFormat(),
                new dev.cairn.policy.ivp.ImageValidatingPolicyFormat()));
    }

    /** Parses named documents' text (YAML or JSON, several documents each) into one policy set. */
    public PolicySet load(List<Source> sources) {
        java.util.Map<PolicyFormat, List<ImagePolicy>> byFormat = new java.util.LinkedHashMap<>();
        MessageDigest fingerprint = sha256();
        for (Source source : sources) {
            if (source.bytes().length > MAX_FILE_BYTES) {
                throw CairnException.invalid(source.name() + ": policy file is " + source.bytes().length + " bytes; the limit is " + MAX_FILE_BYTES);
            }
            fingerprint.update(source.name().getBytes(StandardCharsets.UTF_8));
            fingerprint.update(source.bytes());
            List<JsonNode> documents = documents(source.bytes(), source.name());
            for (int i = 0; i < documents.size(); i++) {
                String name = source.name() + (documents.size() > 1 ? " (document " + (i + 1) + ")" : "");
                PolicyFormat format = formatFor(documents.get(i), name);
                byFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(format.parse(documents.get(i), name));
            }
        }
        List<ImagePolicy> policies = new ArrayList<>();
        byFormat.forEach((format, parsed) -> policies.addAll(format.assemble(parsed)));
        return new PolicySet(policies, HexFormat.of().formatHex(fingerprint.digest()));
    }

    /** Policy text and where it came from (a file name, a CRD's name). */
    public record Source(String name, byte[] bytes) {
        public Source {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** One document: the format that reads its apiVersion and kind parses it. */
    public ImagePolicy parse(JsonNode document, String source) {
        return formatFor(document, source).parse(document, source);
    }

    private PolicyFormat formatFor(JsonNode document, String source) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        return formats.stream().filter(f -> f.reads(apiVersion, kind)).findFirst()
                .orElseThrow(() -> CairnException.invalid(source + ": not a policy Cairn reads (apiVersion '" + apiVersion
                        + "', kind '" + kind + "'); expected a Kyverno ClusterPolicy, Policy or ImageValidatingPolicy, or a policy-controller ClusterImagePolicy"));
    }

    /** Parses multi-document YAML (JSON is YAML) into non-empty documents. */
    public static List<JsonNode> documents(byte[] bytes, String source) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(bytes)) {
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                // an empty document (between two "---") reads as null, missing or the empty string
                if (node == null || node.isNull() || node.isMissingNode() || node.isTextual() && node.asText().isEmpty()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw CairnException.invalid(source + ": a document is not a mapping");
                }
                if (documents.size() == MAX_DOCUMENTS) {
                    throw CairnException.invalid(source + ": more than " + MAX_DOCUMENTS + " documents");
                }
                documents.add(node);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CairnException c) {
                throw c;
            }
            throw CairnException.invalid(source + ": not valid YAML or JSON: " + firstLine(e.getMessage()));
        }
        return documents;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
