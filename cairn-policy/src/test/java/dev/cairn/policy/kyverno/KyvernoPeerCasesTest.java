package dev.cairn.policy.kyverno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.PolicyApply;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.testing.SignedImages;
import dev.cairn.sign.SignatureFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kyverno's own answers as the oracle: every case under {@code src/test/resources/kyverno-cases}
 * (policy.yaml, resource.yaml, case.json, and expected.json recorded from the real Kyverno CLI by
 * {@code scripts/policy-peers-test --record}) is rebuilt on a real registry laid out as that script
 * lays it out, run through Cairn, and compared per policy, rule and resource (results folded as
 * Kyverno's test does), with the pinned images and rejected policies. Cases without expected.json
 * are skipped, not passed.
 */
class KyvernoPeerCasesTest {
    private static final Path CASES = Path.of("src/test/resources/kyverno-cases");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();
    static SignedImages images;

    @BeforeAll
    static void layOutTheRegistryAsTheRecordingScriptDoes() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CASES), "no Kyverno cases recorded in this branch yet");
        images = new SignedImages(registry);
        SigningKeyPair a = SignedImages.KEY_A;
        images.push("app-1", "demo/signed", "v1");
        images.sign("demo/signed", "v1", a, Map.of(), SignatureFormat.LEGACY);
        images.attest("demo/signed", "v1", a, SignedImages.SLSA_V02, JSON.readTree("""
                {"builder":{"id":"https://github.com/example/builder@v1"},"buildType":"https://example.com/build/v1",
                 "invocation":{"configSource":{"uri":"git+https://github.com/example/app@refs/heads/main","digest":{"sha1":"1111111111111111111111111111111111111111"},"entryPoint":"build.yaml"},
                               "parameters":{"buildNumber":42,"env":"prod"}},
                 "metadata":{"buildInvocationID":"run-42","completeness":{"parameters":true,"environment":false,"materials":true},"reproducible":false},
                 "materials":[{"uri":"git+https://github.com/example/app","digest":{"sha1":"1111111111111111111111111111111111111111"}},
                              {"uri":"pkg:maven/org.apache.commons/commons-text@1.9"}]}"""));
        // the script attests Cairn's SBOM of app-1; the cases only look at component names and versions
        images.attest("demo/signed", "v1", a, SignedImages.CYCLONEDX, JSON.readTree("""
                {"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"commons-text","version":"1.9"}]}"""));
        images.push("base", "demo/unsigned", "v1");
        images.push("app-2", "demo/signed-only", "v1");
        images.sign("demo/signed-only", "v1", a, Map.of(), SignatureFormat.LEGACY);
        images.push("app-1", "demo/swap", "v1");
        images.sign("demo/swap", "v1", a, Map.of(), SignatureFormat.LEGACY);
        images.push("app-2", "demo/swap", "v1");
        images.push("app-1", "demo/bundle", "v1");
        images.sign("demo/bundle", "v1", a, Map.of(), SignatureFormat.BUNDLE);
    }

    static Stream<String> cases() throws Exception {
        if (!Files.isDirectory(CASES)) {
            return Stream.of("(none)");
        }
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cairnAgreesWithKyverno(String name) throws Exception {
        Path dir = CASES.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("expected.json")), "no expected.json recorded for " + name);
        JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
        JsonNode flags = JSON.readTree(dir.resolve("case.json").toFile()).path("flags");
        boolean auditWarn = flags.toString().contains("--audit-warn");
        String policy = render(dir.resolve("policy.yaml"));
        String resources = render(dir.resolve("resource.yaml"));
        List<PolicyLoader.Source> source = List.of(new PolicyLoader.Source(name + "/policy.yaml", policy.getBytes(StandardCharsets.UTF_8)));

        if (!expected.path("rejectedPolicies").isEmpty()) {
            assertThatThrownBy(() -> PolicyLoader.standard().load(source)).isInstanceOf(CairnException.class);
            return;
        }
        PolicySet set = PolicyLoader.standard().load(source);
        PolicyApply.Result result = PolicyApply.apply(set, PolicyLoader.documents(resources.getBytes(StandardCharsets.UTF_8), "resource.yaml"),
                images.verifications(), Instant.now());

        Map<String, List<String>> kyverno = new LinkedHashMap<>();
        for (JsonNode r : expected.path("results")) {
            kyverno.computeIfAbsent(r.path("policy").asText() + " " + r.path("rule").asText() + " " + r.path("resource").asText(), k -> new ArrayList<>())
                    .add(r.path("result").asText());
        }
        Map<String, List<RuleResult>> cairn = new LinkedHashMap<>();
        for (PolicyApply.Outcome o : result.outcomes()) {
            for (RuleResult r : o.decision().results()) {
                cairn.computeIfAbsent(r.policy() + " " + r.rule() + " " + o.resource().display(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, String> want = new LinkedHashMap<>();
        kyverno.forEach((k, v) -> want.put(k, foldWire(v)));
        Map<String, String> got = new LinkedHashMap<>();
        cairn.forEach((k, v) -> got.put(k, auditWarn ? warnOnAudit(v) : fold(v)));
        assertThat(got).as("per policy/rule/resource result").isEqualTo(want);

        if (expected.path("patchedResource").isObject()) {
            JsonNode mutated = result.outcomes().get(0).mutated();
            Map<String, String> wantImages = new LinkedHashMap<>();
            expected.path("images").forEach(i -> wantImages.put(i.path("path").asText(), i.path("image").asText().replace("REGISTRY", images.host())));
            Map<String, String> gotImages = new LinkedHashMap<>();
            PodImages.all(mutated.path("kind").asText(), mutated).forEach(c -> gotImages.put(c.pointer(), c.image()));
            assertThat(gotImages).as("pinned images by JSON pointer").isEqualTo(wantImages);
        }
        assertThat(result.failed(auditWarn) ? 1 : 0).as("exit code").isEqualTo(expected.path("exitCode").asInt());
    }

    private static String fold(List<RuleResult> results) {
        return foldWire(results.stream().map(r -> r.status().wire()).toList());
    }

    private static String warnOnAudit(List<RuleResult> results) {
        return foldWire(results.stream().map(r -> r.action() == RuleResult.FailureAction.AUDIT && r.status() == RuleResult.Status.FAIL ? "warn" : r.status().wire()).toList());
    }

    private static String foldWire(List<String> results) {
        for (String worst : List.of("error", "fail", "warn", "pass")) {
            if (results.contains(worst)) {
                return worst;
            }
        }
        return "skip";
    }

    /** The recording script's rendering: REGISTRY → host:port; a line holding only KEY_A/KEY_B → that PEM at the same indent. */
    private static String render(Path file) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String key = line.strip();
            if (key.equals("KEY_A") || key.equals("KEY_B")) {
                String indent = line.substring(0, line.indexOf(key));
                String pem = SignedImages.pem(key.equals("KEY_A") ? SignedImages.KEY_A : SignedImages.KEY_B);
                pem.lines().forEach(l -> out.append(indent).append(l).append('\n'));
            } else {
                out.append(line.replace("REGISTRY", images.host())).append('\n');
            }
        }
        return out.toString();
    }
}
