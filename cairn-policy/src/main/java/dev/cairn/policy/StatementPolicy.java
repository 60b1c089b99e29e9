package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Statement;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CEL expression that an attestation's in-toto statement must satisfy, e.g.
 * {@code predicate.buildDefinition.buildType.startsWith("https://slsa-framework")}.
 *
 * <p>Variables: {@code statement} (the whole statement as JSON), {@code predicate},
 * {@code predicateType} and {@code subject}. CEL is total and side-effect free: it always
 * terminates, within a comprehension budget we set, so a hostile policy cannot hang a verifier.
 */
public final class StatementPolicy {
    private static final int MAX_EXPRESSION_CHARS = 64 * 1024;
    private static final CelOptions OPTIONS = CelOptions.current().comprehensionMaxIterations(100_000).build();

    private final String source;
    private final CelRuntime.Program program;

    private StatementPolicy(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** Compiles the expression; a syntax or type error is reported with its position. */
    public static StatementPolicy compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw CairnException.invalid("policy is " + expression.length() + " characters; the limit is " + MAX_EXPRESSION_CHARS);
        }
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("statement", SimpleType.DYN)
                .addVar("predicate", SimpleType.DYN)
                .addVar("predicateType", SimpleType.STRING)
                .addVar("subject", SimpleType.DYN)
                .setResultType(SimpleType.BOOL)
                .build();
        CelAbstractSyntaxTree ast;
        try {
            ast = compiler.compile(expression.strip()).getAst();
        } catch (CelValidationException e) {
            throw CairnException.invalid("policy does not compile: " + oneLine(e.getMessage()));
        }
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
        try {
            return new StatementPolicy(expression.strip(), runtime.createProgram(ast));
        } catch (CelEvaluationException e) {
            throw CairnException.invalid("policy cannot be planned: " + oneLine(e.getMessage()));
        }
    }

    public String source() {
        return source;
    }

    /** Evaluates against one statement; a runtime error (e.g. a missing field) is a failed check, not a crash. */
    public Outcome evaluate(Statement statement, JsonNode statementJson) {
        Map<String, Object> vars = Map.of(
                "statement", JsonToCel.convert(statementJson),
                "predicate", JsonToCel.convert(statement.predicate()),
                "predicateType", statement.predicateType(),
                "subject", JsonToCel.convert(statementJson.path("subject")));
        try {
            Object result = program.eval(vars);
            return Boolean.TRUE.equals(result) ? new Outcome.Satisfied() : new Outcome.Violated("expression evaluated to false");
        } catch (CelEvaluationException e) {
            return new Outcome.Violated("evaluation error: " + oneLine(e.getMessage()));
        }
    }

    /** The result of checking one statement. */
    public sealed interface Outcome {
        record Satisfied() implements Outcome {
        }

        record Violated(String reason) implements Outcome {
        }
    }

    /** Compiler messages quote the source; keep the first finding, on one bounded line. */
    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    /** JSON to the values CEL understands: maps, lists, strings, int64, double, bool, null. */
    public static final class JsonToCel {
        private JsonToCel() {
        }

        public static Object convert(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return dev.cel.common.values.NullValue.NULL_VALUE;
            }
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), convert(e.getValue())));
                return map;
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(n -> list.add(convert(n)));
                return list;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return node.asText();
        }
    }
}
