package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.model.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode statementJson() throws Exception {
        return JSON.readTree("""
                {"_type":"https://in-toto.io/Statement/v1",
                 "subject":[{"name":"127.0.0.1:5000/demo/app","digest":{"sha256":"d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8"}}],
                 "predicateType":"https://slsa.dev/provenance/v1",
                 "predicate":{"buildDefinition":{"buildType":"https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                   "externalParameters":{"workflow":{"ref":"refs/tags/v1.0.0"}}},
                   "runDetails":{"builder":{"id":"https://github.com/actions/runner"}, "metadata":{"attempts":3}}}}
                """);
    }

    private static StatementPolicy.Outcome evaluate(String expression) throws Exception {
        JsonNode json = statementJson();
        Statement statement = new Statement(json.get("_type").asText(), List.of(new Statement.Subject("x", Map.of())),
                json.get("predicateType").asText(), json.get("predicate"));
        return StatementPolicy.compile(expression).evaluate(statement, json);
    }

    @Test
    void expressionOverPredicateIsSatisfied() throws Exception {
        assertThat(evaluate("predicate.buildDefinition.externalParameters.workflow.ref.startsWith('refs/tags/')"))
                .isInstanceOf(StatementPolicy.Outcome.Satisfied.class);
        assertThat(evaluate("predicateType == 'https://slsa.dev/provenance/v1' && predicate.runDetails.metadata.attempts < 5"))
                .isInstanceOf(StatementPolicy.Outcome.Satisfied.class);
        assertThat(evaluate("subject.exists(s, s.digest.sha256.startsWith('d482'))"))
                .isInstanceOf(StatementPolicy.Outcome.Satisfied.class);
    }

    @Test
    void falseExpressionIsViolated() throws Exception {
        assertThat(evaluate("predicate.runDetails.builder.id == 'https://evil.example/builder'"))
                .isEqualTo(new StatementPolicy.Outcome.Violated("expression evaluated to false"));
    }

    @Test
    void missingFieldIsAViolationNotACrash() throws Exception {
        assertThat(evaluate("predicate.noSuchField == 'x'")).isInstanceOf(StatementPolicy.Outcome.Violated.class);
    }

    @Test
    void syntaxErrorIsRefusedWhenCompiled() {
        assertThatThrownBy(() -> StatementPolicy.compile("predicate.(("))
                .isInstanceOf(CairnException.class).hasMessageStartingWith("policy does not compile:")
                .hasMessageNotContaining("\n");
    }

    @Test
    void nonBooleanPolicyIsRefusedWhenCompiled() {
        assertThatThrownBy(() -> StatementPolicy.compile("predicateType")).isInstanceOf(CairnException.class);
    }

    @Test
    void policyThatLoopsForeverIsBoundedByComprehensionBudget() throws Exception {
        // A nested comprehension of 10^3 x 10^3 x 10^3 would be a billion steps; the budget stops it.
        var outcome = evaluate("[0,1,2,3,4,5,6,7,8,9].map(a, [0,1,2,3,4,5,6,7,8,9].map(b, a)).size() > 0 && "
                + "range(1000).all(i, range(1000).all(j, range(1000).all(k, true)))".replace("range(1000)", "[" + "0,".repeat(999) + "0]"));
        assertThat(outcome).isInstanceOf(StatementPolicy.Outcome.Violated.class);
    }

    @Test
    void hugePolicyIsRefused() {
        assertThatThrownBy(() -> StatementPolicy.compile("true || ".repeat(20_000) + "true"))
                .isInstanceOf(CairnException.class).hasMessageContaining("limit");
    }
}
