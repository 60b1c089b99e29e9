package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Kyverno's operators on JSON keys and values (each line: operator, key JSON, value JSON, expected). */
class OperatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{1} {0} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "Equals|'\"https://github.com/actions/runner\"'|'\"https://github.com/*\"'|true",
            "Equals|'\"abc\"'|'\"abd\"'|false",
            "equals|'1'|'1.0'|true",
            "Equals|'1'|'\"1\"'|true",
            "Equals|'\"1h\"'|'\"60m\"'|true",
            "Equals|'\"1Gi\"'|'\"1024Mi\"'|true",
            "Equals|'true'|'true'|true",
            "Equals|'true'|'\"true\"'|false",
            "Equals|'{\"a\":1}'|'{\"a\":1}'|true",
            "Equals|'null'|'null'|false",
            "NotEquals|'\"a\"'|'\"b\"'|true",
            "NotEquals|'\"abc\"'|'\"a*\"'|false",
            "NotEqual|'null'|'\"x\"'|false",
            "In|'\"b\"'|'[\"a\",\"b\"]'|true",
            "In|'\"b\"'|'[\"a\",\"c\"]'|false",
            "In|'[\"a\",\"b\"]'|'[\"a\",\"b\",\"c\"]'|true",
            "In|'[\"a\",\"x\"]'|'[\"a\",\"b\",\"c\"]'|false",
            "NotIn|'\"x\"'|'[\"a\",\"b\"]'|true",
            "NotIn|'[\"a\",\"x\"]'|'[\"a\",\"b\"]'|true",
            "AnyIn|'[\"a\",\"x\"]'|'[\"a\",\"b\"]'|true",
            "AnyIn|'[\"x\",\"y\"]'|'[\"a\",\"b\"]'|false",
            "AnyIn|'[\"log4j-core\"]'|'[\"log4*\"]'|true",
            "AllIn|'[\"a\",\"b\"]'|'[\"a\",\"b\",\"c\"]'|true",
            "AllIn|'[\"a\",\"x\"]'|'[\"a\",\"b\"]'|false",
            "AnyNotIn|'[\"a\",\"x\"]'|'[\"a\",\"b\"]'|true",
            "AnyNotIn|'[\"a\",\"b\"]'|'[\"a\",\"b\"]'|false",
            "AllNotIn|'[\"x\",\"y\"]'|'[\"a\",\"b\"]'|true",
            "AllNotIn|'[\"a\",\"y\"]'|'[\"a\",\"b\"]'|false",
            "AnyIn|'5'|'\"1-10\"'|true",
            "AnyIn|'11'|'\"1-10\"'|false",
            "GreaterThan|'5'|'3'|true",
            "GreaterThan|'\"5\"'|'3'|true",
            "GreaterThanOrEquals|'3'|'3'|true",
            "LessThan|'\"1.2.3\"'|'\"1.10.0\"'|true",
            "LessThan|'\"100m\"'|'\"1\"'|true",
            "LessThanOrEquals|'\"abc\"'|'1'|false",
            "DurationGreaterThan|'\"2h\"'|'\"90m\"'|true",
            "DurationLessThan|'30'|'\"1m\"'|true",
            "DurationGreaterThanOrEquals|'\"x\"'|'\"1m\"'|false",
    })
    void evaluatesLikeKyverno(String operator, String key, String value, boolean expected) throws Exception {
        JsonNode k = JSON.readTree(key);
        JsonNode v = JSON.readTree(value);
        assertThat(Operator.parse(operator, "test").evaluate(k, v)).isEqualTo(expected);
    }
}
