package dev.cairn.vuln.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * JSON and YAML tree readers for advisory data, with limits for hostile input: nesting depth,
 * string and name length, duplicate keys refused, and for YAML the alias-expansion bound
 * (billion laughs) and a code point limit.
 */
final class Parsers {
    static final int MAX_DEPTH = 64;

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(8 << 20)
                .maxNameLength(1 << 16)
                .maxNumberLength(100)
                .build();
    }

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(constraints())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        // The importer bounds bytes first (ImportLimits); this only has to be above that bound.
        options.setCodePointLimit(Integer.MAX_VALUE);
        YAML = new ObjectMapper(YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(constraints())
                .build());
    }

    private Parsers() {
    }

    static JsonNode json(InputStream in) throws IOException {
        JsonNode n = JSON.readTree(in);
        return n == null ? JSON.missingNode() : n;
    }

    static JsonNode yaml(InputStream in) throws IOException {
        JsonNode n = YAML.readTree(in);
        return n == null ? YAML.missingNode() : n;
    }

    /** A short, single-line reason from a parser failure. */
    static String brief(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
