package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.model.CairnException;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kyverno's {@code {{ JMESPath }}} variables in condition keys and values. A string that is exactly one
 * variable becomes the variable's JSON value (a list stays a list); a variable inside other text is
 * replaced by its text (JSON for non-strings). {@code \{{} escapes. A variable that resolves to
 * nothing is an error, so a condition over a missing field fails rather than passes.
 *
 * <p>Standard JMESPath only (io.burt): Kyverno's extra functions ({@code to_upper}, {@code regex_match}
 * …) are refused when the policy is loaded.
 */
final class Variables {
    static final int MAX_EXPRESSION_CHARS = 1024;
    private static final int MAX_ROUNDS = 8;
    private static final int MAX_CACHED = 4096;
    private static final Pattern VARIABLE = Pattern.compile("(^|[^\\\\])(\\{\\{(?:\\{[^{}]*\\}|[^{}])*\\}\\})");
    private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();
    private static final Map<String, Expression<JsonNode>> COMPILED = new ConcurrentHashMap<>();

    private Variables() {
    }

    /** Checks at load time that every variable in {@code node} compiles; {@code where} names it in the error. */
    static void validate(JsonNode node, String where) {
        if (node.isTextual()) {
            Matcher m = VARIABLE.matcher(node.asText());
            while (m.find()) {
                compile(inner(m.group(2)), where);
            }
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) {
                validate(child, where);
            }
            if (node.isObject()) {
                node.fieldNames().forEachRemaining(name -> validate(TextNode.valueOf(name), where));
            }
        }
    }

    /** The node with every variable resolved over {@code context}. */
    static JsonNode substitute(JsonNode node, JsonNode context) {
        if (node.isTextual()) {
            return substituteString(node.asText(), context);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(substitute(n, context)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                out.set(substituteString(e.getKey(), context).asText(), substitute(e.getValue(), context));
            }
            return out;
        }
        return node;
    }

    private static JsonNode substituteString(String text, JsonNode context) {
        String value = text;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Matcher m = VARIABLE.matcher(value);
            if (!m.find()) {
                break;
            }
            String variable = m.group(2);
            JsonNode resolved = resolve(inner(variable), context);
            if (value.equals(variable)) {
                return resolved;
            }
            String replacement = resolved.isTextual() ? resolved.asText() : resolved.toString();
            value = value.substring(0, m.start(2)) + replacement + value.substring(m.end(2));
        }
        return TextNode.valueOf(value.replace("\\{{", "{{"));
    }

    private static String inner(String variable) {
        return variable.substring(2, variable.length() - 2).strip();
    }

    private static JsonNode resolve(String expression, JsonNode context) {
        JsonNode result;
        try {
            result = compile(expression, "condition").search(context);
        } catch (JmesPathException | IllegalArgumentException | ClassCastException e) {
            throw CairnException.invalid("failed to resolve " + expression + ": " + oneLine(e.getMessage()));
        }
        if (result == null || result.isNull() || result.isMissingNode()) {
            throw CairnException.invalid("variable " + expression + " not found");
        }
        return result;
    }

    private static Expression<JsonNode> compile(String expression, String where) {
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw CairnException.invalid(where + ": JMESPath expression is " + expression.length() + " characters; the limit is " + MAX_EXPRESSION_CHARS);
        }
        Expression<JsonNode> cached = COMPILED.get(expression);
        if (cached != null) {
            return cached;
        }
        Expression<JsonNode> compiled;
        try {
            compiled = JMESPATH.compile(expression);
        } catch (JmesPathException | IllegalArgumentException e) {
            throw CairnException.invalid(where + ": JMESPath '" + expression + "' is not supported: " + oneLine(e.getMessage()));
        }
        if (COMPILED.size() < MAX_CACHED) {
            COMPILED.put(expression, compiled);
        }
        return compiled;
    }

    private static String oneLine(String message) {
        String m = String.valueOf(message).lines().findFirst().orElse("");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}
