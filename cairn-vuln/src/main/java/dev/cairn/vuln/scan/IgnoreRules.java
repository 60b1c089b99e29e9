package dev.cairn.vuln.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.model.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An ignore file: findings a team has decided to accept, each with a reason. YAML or JSON:
 *
 * <pre>
 * ignore:
 *   - id: CVE-2021-44228          # the finding's id or any alias
 *     package: org.apache.logging.log4j:log4j-core   # package name (or purl)
 *     version: 2.14.1             # package version
 *     fix-state: not-fixed        # fixed | not-fixed | unknown
 *     reason: "not reachable: JNDI lookups disabled by -Dlog4j2.formatMsgNoLookups"   # REQUIRED
 *     expires: 2026-06-30         # optional; from that day on the rule no longer applies
 * </pre>
 *
 * A rule matches when every criterion it names matches. A rule without a reason, or naming no
 * criterion at all, is refused: an ignore file must say why, and must not silence everything.
 */
public record IgnoreRules(List<Rule> rules) {
    /** Ignore files are small; anything larger is refused. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    public static final int MAX_RULES = 10_000;
    private static final Set<String> FIELDS = Set.of("id", "vulnerability", "package", "version", "fix-state", "reason", "expires");

    public IgnoreRules {
        rules = List.copyOf(rules);
    }

    public static IgnoreRules none() {
        return new IgnoreRules(List.of());
    }

    /** One rule. Empty criteria match anything. */
    public record Rule(Optional<String> id, Optional<String> pkg, Optional<String> version, Optional<FixState> fixState,
                       String reason, Optional<LocalDate> expires) {
        public Rule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pkg, "pkg");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(fixState, "fixState");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(expires, "expires");
            if (reason.isBlank()) {
                throw CairnException.invalid("ignore rule" + id.map(s -> " for " + s).orElse("") + " has no reason; every rule needs one");
            }
        }

        public boolean expiredOn(LocalDate today) {
            return expires.isPresent() && !today.isBefore(expires.get());
        }

        public boolean matches(Finding f) {
            return id.map(f::hasId).orElse(true)
                    && pkg.map(p -> p.equals(f.pkg().name()) || p.equals(f.pkg().purl())).orElse(true)
                    && version.map(v -> v.equals(f.pkg().version()) || v.equals(f.installedVersion())).orElse(true)
                    && fixState.map(s -> s == f.fixState()).orElse(true);
        }

        /** e.g. {@code id=CVE-2021-44228 package=log4j-core}. */
        public String criteria() {
            List<String> c = new ArrayList<>();
            id.ifPresent(s -> c.add("id=" + s));
            pkg.ifPresent(s -> c.add("package=" + s));
            version.ifPresent(s -> c.add("version=" + s));
            fixState.ifPresent(s -> c.add("fix-state=" + s.label()));
            return String.join(" ", c);
        }
    }

    /** The first rule, not expired on {@code today}, that matches the finding. */
    public Optional<Rule> match(Finding f, LocalDate today) {
        return rules.stream().filter(r -> !r.expiredOn(today) && r.matches(f)).findFirst();
    }

    /** Reads a YAML or JSON ignore file; invalid content is an {@code INVALID_INPUT} error with a one-line message. */
    public static IgnoreRules parse(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw CairnException.invalid("ignore file " + name + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), name);
    }

    public static IgnoreRules parse(String text, String name) {
        JsonNode root;
        try {
            YAMLFactory yaml = YAMLFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();
            ObjectMapper mapper = new YAMLMapper(yaml);
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            // an unquoted version such as 1.10 must stay "1.10", not become the double 1.1
            mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
            // JSON is read by the YAML parser too (YAML 1.2 is a superset of JSON).
            root = mapper.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw CairnException.invalid("ignore file " + name + " is not valid YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return none();
        }
        JsonNode list = root.isArray() ? root : root.path("ignore");
        if (!root.isArray() && !root.has("ignore")) {
            throw CairnException.invalid("ignore file " + name + " has no 'ignore' list");
        }
        if (!list.isArray()) {
            throw CairnException.invalid("ignore file " + name + ": 'ignore' must be a list of rules");
        }
        if (list.size() > MAX_RULES) {
            throw CairnException.invalid("ignore file " + name + " has more than " + MAX_RULES + " rules");
        }
        List<Rule> rules = new ArrayList<>();
        int n = 0;
        for (JsonNode r : list) {
            n++;
            String where = "ignore file " + name + ", rule " + n;
            if (!r.isObject()) {
                throw CairnException.invalid(where + " is not a mapping");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw CairnException.invalid(where + ": unknown field '" + f + "' (known: id, package, version, fix-state, reason, expires)");
                }
            }
            Optional<String> id = text(r, "id").or(() -> text(r, "vulnerability"));
            Optional<String> reason = text(r, "reason");
            if (reason.isEmpty()) {
                throw CairnException.invalid(where + id.map(s -> " (" + s + ")").orElse("") + " has no reason; every rule needs one");
            }
            Optional<FixState> fix = Optional.empty();
            if (text(r, "fix-state").isPresent()) {
                String s = text(r, "fix-state").get();
                fix = Optional.of(FixState.parse(s).orElseThrow(() -> CairnException.invalid(
                        where + ": fix-state '" + s + "' is not one of fixed, not-fixed, unknown")));
            }
            Optional<LocalDate> expires = Optional.empty();
            if (text(r, "expires").isPresent()) {
                String s = text(r, "expires").get();
                try {
                    expires = Optional.of(LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s));
                } catch (DateTimeParseException e) {
                    throw CairnException.invalid(where + ": expires '" + s + "' is not a date (YYYY-MM-DD)");
                }
            }
            Rule rule = new Rule(id, text(r, "package"), text(r, "version"), fix, reason.get(), expires);
            if (rule.criteria().isEmpty()) {
                throw CairnException.invalid(where + " names no id, package, version or fix-state; it would ignore everything");
            }
            rules.add(rule);
        }
        return new IgnoreRules(rules);
    }

    private static Optional<String> text(JsonNode r, String field) {
        JsonNode n = r.get(field);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return Optional.empty();
        }
        String s = n.asText().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
