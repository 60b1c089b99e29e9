package dev.cairn.policy.ivp;

import dev.cairn.model.CairnException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Map;

/**
 * The CEL environment of ImageValidatingPolicy expressions, declared as Kyverno declares it
 * ({@code pkg/image/verification/evaluator/compiler.go}, {@code pkg/cel/libs/imageverify/lib.go}):
 * variables {@code object}, {@code oldObject}, {@code request}, {@code namespaceObject},
 * {@code images} (map of string to list of strings), {@code attestors} (map of string to dyn),
 * {@code attestations} (map of string to string); functions
 * {@code verifyImageSignatures(string, list) int},
 * {@code verifyAttestationSignatures(string, string, list) int} and
 * {@code extractPayload(string, string) dyn}, bound per evaluation (late bindings) because they reach
 * registries through the request's {@link dev.cairn.policy.Verifications}. Kyverno's other libraries
 * (http, resource, globalContext, getImageData, …) are not declared, so a policy using them fails to
 * compile and is refused when loaded.
 *
 * <p>Bounded: expressions are at most 64 KiB, and all comprehensions of one evaluation together
 * may iterate {@link #MAX_ITERATIONS} times, so a hostile expression ends with an error instead of
 * running for minutes.
 */
final class IvpCel {
    static final int MAX_EXPRESSION_CHARS = 64 * 1024;
    static final int MAX_ITERATIONS = 10_000;
    static final String VERIFY_SIGNATURES = "verify_image_signature_string_stringarray";
    static final String VERIFY_ATTESTATIONS = "verify_image_attestations_string_string_stringarray";
    static final String EXTRACT_PAYLOAD = "payload_string_string";

    private static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .enableOptionalSyntax(true)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
            .build();
    private static final CelCompiler POLICY = compiler(Map.of(
            "object", SimpleType.DYN,
            "oldObject", SimpleType.DYN,
            "request", SimpleType.DYN,
            "namespaceObject", SimpleType.DYN,
            "images", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)),
            "attestors", MapType.create(SimpleType.STRING, SimpleType.DYN),
            "attestations", MapType.create(SimpleType.STRING, SimpleType.STRING)), true);
    private static final CelCompiler MATCH_CONDITIONS = compiler(Map.of(
            "object", SimpleType.DYN,
            "oldObject", SimpleType.DYN,
            "request", SimpleType.DYN,
            "namespaceObject", SimpleType.DYN), false);
    private static final CelCompiler IMAGE_REFERENCE = compiler(Map.of("ref", SimpleType.STRING), false);

    private IvpCel() {
    }

    enum Scope { POLICY, MATCH_CONDITION, IMAGE_REFERENCE }

    private static CelCompiler compiler(Map<String, CelType> variables, boolean imageFunctions) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings());
        variables.forEach(builder::addVar);
        if (imageFunctions) {
            builder.addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("verifyImageSignatures", CelOverloadDecl.newGlobalOverload(
                            VERIFY_SIGNATURES, SimpleType.INT, SimpleType.STRING, ListType.create(SimpleType.DYN))),
                    CelFunctionDecl.newFunctionDeclaration("verifyAttestationSignatures", CelOverloadDecl.newGlobalOverload(
                            VERIFY_ATTESTATIONS, SimpleType.INT, SimpleType.STRING, SimpleType.STRING, ListType.create(SimpleType.DYN))),
                    CelFunctionDecl.newFunctionDeclaration("extractPayload", CelOverloadDecl.newGlobalOverload(
                            EXTRACT_PAYLOAD, SimpleType.DYN, SimpleType.STRING, SimpleType.STRING)));
        }
        return builder.build();
    }

    /**
     * Compiles {@code expression} expecting {@code result}: exactly {@code bool} or {@code string} as
     * Kyverno checks it, or a list of strings for image extractors.
     */
    static CelRuntime.Program compile(Scope scope, String expression, CelType result, String where) {
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw CairnException.invalid(where + " is " + expression.length() + " characters; the limit is " + MAX_EXPRESSION_CHARS);
        }
        CelCompiler compiler = switch (scope) {
            case POLICY -> POLICY;
            case MATCH_CONDITION -> MATCH_CONDITIONS;
            case IMAGE_REFERENCE -> IMAGE_REFERENCE;
        };
        CelAbstractSyntaxTree ast;
        try {
            ast = compiler.compile(expression).getAst();
        } catch (CelValidationException e) {
            throw CairnException.invalid(where + " does not compile: " + oneLine(e.getMessage())
                    + (e.getMessage() != null && e.getMessage().contains("undeclared reference") ? " (Cairn provides verifyImageSignatures, verifyAttestationSignatures and extractPayload; Kyverno's other CEL libraries are not available)" : ""));
        }
        CelType type = ast.getResultType();
        // Kyverno wants exactly bool (validations, conditions) or string (messages); image
        // extractors may also be dyn or list(dyn)
        boolean ok = type.equals(result)
                || result instanceof ListType && (type.equals(SimpleType.DYN) || type.equals(ListType.create(SimpleType.DYN)));
        if (!ok) {
            throw CairnException.invalid(where + " must evaluate to " + result.name() + ", not " + type.name());
        }
        try {
            return RUNTIME.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw CairnException.invalid(where + " cannot be planned: " + oneLine(e.getMessage()));
        }
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }
}
