package dev.cairn.policy.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.PolicyApply;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.Verifications;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs Kyverno CLI test files ({@code kyverno-test.yaml}, {@code cli.kyverno.io/v1alpha1} Test, and
 * the older unversioned form): loads the named policies and resources (paths relative to the test
 * file), applies them, and compares each expected result — policy, rule, resources, kind, result,
 * and the pinned images of {@code patchedResource} — with Cairn's.
 *
 * <p>Several results for one rule and resource (one per image) fold as Kyverno's test does into one:
 * fail or error if any image failed or errored, else pass if any passed, else skip.
 */
public final class KyvernoTestRunner {
    private static final int MAX_TEST_FILES = 1_000;

    private KyvernoTestRunner() {
    }

    /** One expected result and what Cairn found. */
    public record Check(Path testFile, String policy, String rule, String resource, String expected, String actual, boolean ok, String detail) {
    }

    /** Every check of every test file under {@code dir} (or the one file named). */
    public static List<Check> run(Path dir, Verifications verifications) {
        List<Check> checks = new ArrayList<>();
        for (Path file : testFiles(dir)) {
            checks.addAll(runFile(file, verifications));
        }
        return checks;
    }

    static List<Path> testFiles(Path dir) {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw CairnException.notFound("no test directory " + dir);
        }
        try (Stream<Path> walk = Files.walk(dir, 8)) {
            List<Path> files = walk.filter(p -> p.getFileName().toString().matches("kyverno-test\\.ya?ml")).sorted().limit(MAX_TEST_FILES + 1).toList();
            if (files.isEmpty()) {
                throw CairnException.notFound("no kyverno-test.yaml under " + dir);
            }
            if (files.size() > MAX_TEST_FILES) {
                throw CairnException.invalid("more than " + MAX_TEST_FILES + " test files under " + dir);
            }
            return files;
        } catch (IOException e) {
            throw CairnException.io("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Check> runFile(Path file, Verifications verifications) {
        JsonNode test = readOne(file);
        Path base = file.toAbsolutePath().getParent();
        List<Path> policies = paths(test, "policies", base);
        List<Path> resources = paths(test, "resources", base);
        PolicySet set = PolicyFiles.load(PolicyLoader.standard(), policies);
        PolicyApply.Result applied = PolicyApply.apply(set, ResourceFiles.load(resources), verifications, Instant.now());
        List<Check> checks = new ArrayList<>();
        for (JsonNode expected : test.path("results")) {
            String policy = expected.path("policy").asText();
            String rule = expected.path("rule").asText();
            String want = expected.path("result").asText(expected.path("status").asText("")).toLowerCase(Locale.ROOT);
            String kind = expected.path("kind").asText("");
            List<String> names = new ArrayList<>();
            expected.path("resources").forEach(n -> names.add(n.asText()));
            if (expected.hasNonNull("resource")) {
                names.add(expected.get("resource").asText());
            }
            Optional<JsonNode> patched = expected.hasNonNull("patchedResource") || expected.hasNonNull("patchedResources")
                    ? Optional.of(readOne(base.resolve(expected.path(expected.has("patchedResource") ? "patchedResource" : "patchedResources").asText())))
                    : Optional.empty();
            for (String name : names) {
                checks.add(check(file, applied, policy, rule, kind, name, want, patched));
            }
        }
        return checks;
    }

    private static Check check(Path file, PolicyApply.Result applied, String policy, String rule, String kind, String name, String want,
                               Optional<JsonNode> patched) {
        Optional<PolicyApply.Outcome> outcome = applied.outcomes().stream()
                .filter(o -> kind.isEmpty() || o.resource().kind().equals(kind))
                .filter(o -> o.resource().name().equals(name) || (o.resource().namespace() + "/" + o.resource().name()).equals(name))
                .findFirst();
        if (outcome.isEmpty()) {
            return new Check(file, policy, rule, name, want, "-", false, "no resource " + (kind.isEmpty() ? "" : kind + " ") + name + " in the test's resources");
        }
        List<RuleResult> results = outcome.get().decision().results().stream()
                .filter(r -> r.policy().equals(policy) && r.rule().equals(rule)).toList();
        String actual = fold(results);
        boolean ok = actual.equals(want);
        String detail = results.stream().map(RuleResult::describe).reduce((a, b) -> a + "; " + b).orElse("no result for this rule");
        if (ok && patched.isPresent()) {
            String kindOfResource = outcome.get().resource().kind();
            List<String> wantImages = PodImages.all(kindOfResource, patched.get()).stream().map(c -> c.image()).toList();
            List<String> gotImages = PodImages.all(kindOfResource, outcome.get().mutated()).stream().map(c -> c.image()).toList();
            if (!wantImages.equals(gotImages)) {
                ok = false;
                detail = "patched images differ: expected " + wantImages + ", got " + gotImages;
            }
        }
        return new Check(file, policy, rule, name, want, actual, ok, detail);
    }

    /** Kyverno's test folds a rule's per-image responses: fail/error if any, then pass, then skip. */
    static String fold(List<RuleResult> results) {
        if (results.isEmpty()) {
            return "skip";
        }
        for (RuleResult.Status worst : List.of(RuleResult.Status.ERROR, RuleResult.Status.FAIL, RuleResult.Status.WARN, RuleResult.Status.PASS)) {
            if (results.stream().anyMatch(r -> r.status() == worst)) {
                return worst.wire();
            }
        }
        return "skip";
    }

    private static List<Path> paths(JsonNode test, String field, Path base) {
        List<Path> out = new ArrayList<>();
        test.path(field).forEach(n -> out.add(base.resolve(n.asText()).normalize()));
        if (out.isEmpty()) {
            throw CairnException.invalid("test has no " + field);
        }
        return out;
    }

    private static JsonNode readOne(Path file) {
        try {
            List<JsonNode> docs = PolicyLoader.documents(Files.readAllBytes(file), file.toString());
            if (docs.size() != 1) {
                throw CairnException.invalid(file + ": expected one document, found " + docs.size());
            }
            return docs.get(0);
        } catch (IOException e) {
            throw CairnException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String describe(Check c) {
        return Objects.requireNonNull(c).policy() + "/" + c.rule() + " " + c.resource();
    }
}
