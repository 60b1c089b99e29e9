package dev.cairn.vuln.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.sbom.Purls;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * VEX statements from OpenVEX (v0.2.0) and CycloneDX VEX documents. A finding is suppressed when a
 * statement names its vulnerability (id or any alias) and its package, with a status that says the
 * package is not exposed: OpenVEX {@code not_affected} or {@code fixed}; CycloneDX
 * {@code not_affected}, {@code false_positive}, {@code resolved} or {@code resolved_with_pedigree}.
 * {@code affected} and {@code under_investigation} / {@code exploitable} / {@code in_triage} suppress
 * nothing.
 *
 * <p>Products are package URLs. They match a finding's PURL by type, namespace and name; a product
 * with a version matches only that version; qualifiers named by the product must be present with the
 * same value (order does not matter), qualifiers it leaves out are not compared. An OpenVEX statement
 * with {@code subcomponents} matches on those (the product is then the image).
 */
public record Vex(List<Statement> statements) {
    public static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Set<String> SUPPRESSING = Set.of("not_affected", "fixed", "false_positive", "resolved",
            "resolved_with_pedigree");

    public Vex {
        statements = List.copyOf(statements);
    }

    public enum Format { OPENVEX, CYCLONEDX }

    /** One statement: a vulnerability, the package URLs it is about, a status and why. */
    public record Statement(Format format, String document, String vulnerability, List<String> aliases,
                            List<String> products, String status, Optional<String> justification,
                            Optional<String> detail) {
        public Statement {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(vulnerability, "vulnerability");
            aliases = List.copyOf(aliases);
            products = List.copyOf(products);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(justification, "justification");
            Objects.requireNonNull(detail, "detail");
        }

        public boolean suppresses() {
            return SUPPRESSING.contains(status);
        }

        boolean names(Finding f) {
            if (f.hasId(vulnerability) || aliases.stream().anyMatch(f::hasId)) {
                return products.stream().anyMatch(p -> purlMatches(p, f.pkg().purl()));
            }
            return false;
        }
    }

    public static Vex none() {
        return new Vex(List.of());
    }

    public Vex and(Vex other) {
        List<Statement> all = new ArrayList<>(statements);
        all.addAll(other.statements);
        return new Vex(all);
    }

    /** The suppressing statement that applies to a finding, if any. A later statement overrides an earlier one. */
    public Optional<Suppression.VexStatement> match(Finding f) {
        Optional<Statement> last = Optional.empty();
        for (Statement s : statements) {
            if (s.names(f)) {
                last = Optional.of(s);
            }
        }
        return last.filter(Statement::suppresses).map(s -> new Suppression.VexStatement(s.format(), s.document(),
                s.status(), s.justification(), s.detail()));
    }

    /** Reads one OpenVEX or CycloneDX (JSON) VEX document. */
    public static Vex parse(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw CairnException.invalid("VEX document " + name + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw CairnException.invalid("VEX document " + name + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw CairnException.invalid("VEX document " + name + " is not a JSON object");
        }
        String context = root.path("@context").asText("");
        if (context.startsWith("https://openvex.dev/ns")) {
            return openVex(root, name);
        }
        if ("CycloneDX".equals(root.path("bomFormat").asText())) {
            return cycloneDx(root, name);
        }
        throw CairnException.invalid("VEX document " + name + " is neither OpenVEX (@context https://openvex.dev/ns/...) nor CycloneDX");
    }

    private static Vex openVex(JsonNode root, String name) {
        String doc = root.path("@id").asText(name);
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : root.path("statements")) {
            JsonNode v = s.path("vulnerability");
            String vuln = v.isTextual() ? v.asText() : v.path("name").asText(v.path("@id").asText(""));
            if (vuln.isEmpty()) {
                continue;
            }
            List<String> aliases = new ArrayList<>();
            v.path("aliases").forEach(a -> aliases.add(a.asText()));
            List<String> products = new ArrayList<>();
            for (JsonNode p : s.path("products")) {
                List<String> subs = new ArrayList<>();
                p.path("subcomponents").forEach(sc -> subs.add(productId(sc)));
                if (subs.isEmpty()) {
                    products.add(productId(p));
                } else {
                    products.addAll(subs);
                }
            }
            String status = s.path("status").asText("").toLowerCase(Locale.ROOT);
            out.add(new Statement(Format.OPENVEX, doc, vuln, aliases, products, status,
                    text(s, "justification"), text(s, "impact_statement").or(() -> text(s, "status_notes"))));
        }
        return new Vex(out);
    }

    /** An OpenVEX product or subcomponent: its {@code @id}, or its purl identifier. */
    private static String productId(JsonNode p) {
        if (p.isTextual()) {
            return p.asText();
        }
        String id = p.path("@id").asText("");
        return id.startsWith("pkg:") ? id : p.path("identifiers").path("purl").asText(id);
    }

    private static Vex cycloneDx(JsonNode root, String name) {
        String doc = root.path("serialNumber").asText(name);
        Map<String, String> purlByRef = new HashMap<>();
        collectRefs(root.path("components"), purlByRef);
        JsonNode meta = root.path("metadata").path("component");
        if (meta.has("bom-ref") && meta.has("purl")) {
            purlByRef.put(meta.get("bom-ref").asText(), meta.get("purl").asText());
        }
        List<Statement> out = new ArrayList<>();
        for (JsonNode v : root.path("vulnerabilities")) {
            String id = v.path("id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            List<String> aliases = new ArrayList<>();
            v.path("references").forEach(r -> aliases.add(r.path("id").asText()));
            List<String> products = new ArrayList<>();
            for (JsonNode a : v.path("affects")) {
                String ref = a.path("ref").asText("");
                products.add(purlByRef.getOrDefault(ref, ref));
            }
            JsonNode analysis = v.path("analysis");
            String state = analysis.path("state").asText("").toLowerCase(Locale.ROOT);
            out.add(new Statement(Format.CYCLONEDX, doc, id, aliases, products, state,
                    text(analysis, "justification"), text(analysis, "detail")));
        }
        return new Vex(out);
    }

    private static void collectRefs(JsonNode components, Map<String, String> out) {
        for (JsonNode c : components) {
            if (c.has("bom-ref") && c.has("purl")) {
                out.put(c.get("bom-ref").asText(), c.get("purl").asText());
            }
            collectRefs(c.path("components"), out);
        }
    }

    /**
     * Whether a VEX product PURL names a finding's PURL: same type, namespace and name; the product's
     * version, when it has one, equal; each product qualifier present with the same value.
     */
    public static boolean purlMatches(String product, String findingPurl) {
        if (product.isEmpty() || findingPurl.isEmpty()) {
            return false;
        }
        Optional<Purls.Purl> parsedProduct = Purls.tryParse(product);
        Optional<Purls.Purl> parsedFinding = Purls.tryParse(findingPurl);
        if (parsedProduct.isEmpty() || parsedFinding.isEmpty()) {
            return false;
        }
        Purls.Purl p = parsedProduct.get();
        Purls.Purl f = parsedFinding.get();
        if (!p.type().equals(f.type()) || !p.namespace().equals(f.namespace()) || !p.name().equals(f.name())) {
            return false;
        }
        if (p.version().isPresent() && !p.version().equals(f.version())) {
            return false;
        }
        Map<String, String> pq = p.qualifiers();
        Map<String, String> fq = f.qualifiers();
        return pq.entrySet().stream().allMatch(e -> e.getValue().equals(fq.get(e.getKey())));
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
