package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyApply;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;
import dev.cairn.policy.RuleResult;
import dev.cairn.policy.io.KyvernoTestRunner;
import dev.cairn.policy.io.PolicyFiles;
import dev.cairn.policy.io.RegistryVerifications;
import dev.cairn.policy.io.ResourceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "policy", description = "Evaluate admission policies (Kyverno ClusterPolicy/Policy verifyImages) offline.",
        subcommands = {PolicyCommand.Apply.class, PolicyCommand.Test.class})
final class PolicyCommand {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    @Command(name = "apply", description = "Apply policies to resources as admission would (like kyverno apply): results per "
            + "policy, rule, resource and image; the mutated resources (digests pinned); PolicyReports. Exit code 1 when a "
            + "rule fails (as kyverno apply: Audit rules too, unless --audit-warn), 3 when a policy or resource is invalid.")
    static final class Apply implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = {"-p", "--policy"}, required = true, arity = "1..*", description = "Policy file or directory (repeatable).")
        List<Path> policies;

        @Option(names = {"-r", "--resource"}, required = true, arity = "1..*", description = "Resource file or directory (repeatable).")
        List<Path> resources;

        @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text, json or yaml.")
        String output;

        @Option(names = "--policy-report", description = "Also print a PolicyReport per resource.")
        boolean policyReport;

        @Option(names = "--audit-warn", description = "Show failures of Audit rules as warnings.")
        boolean auditWarn;

        @Mixin
        RegistryOptions registry;

        @Override
        public Integer call() throws java.io.IOException {
            if (!List.of("text", "json", "yaml").contains(output)) {
                throw CairnException.invalid("unknown output '" + output + "': use text, json or yaml");
            }
            PolicySet set = PolicyFiles.load(PolicyLoader.standard(), policies);
            List<JsonNode> objects = ResourceFiles.load(resources);
            PolicyApply.Result result = PolicyApply.apply(set, objects, new RegistryVerifications(registry.options()), Instant.now());
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("text")) {
                text(result, out);
            } else {
                JsonNode json = json(result);
                out.print(output.equals("json") ? json.toPrettyString() + "\n" : YAML.writeValueAsString(json));
            }
            out.flush();
            return result.failed(auditWarn) ? Main.CHECK_FAILED : 0;
        }

        private String shown(RuleResult r) {
            if (auditWarn && r.action() == RuleResult.FailureAction.AUDIT && r.status() == RuleResult.Status.FAIL) {
                return "warn";
            }
            return r.status().wire();
        }

        private void text(PolicyApply.Result result, PrintWriter out) throws java.io.IOException {
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            for (RuleResult.Status s : RuleResult.Status.values()) {
                counts.put(s.wire(), 0);
            }
            for (PolicyApply.Outcome o : result.outcomes()) {
                for (RuleResult r : o.decision().results()) {
                    String status = shown(r);
                    counts.merge(status, 1, Integer::sum);
                    out.println(status.toUpperCase(java.util.Locale.ROOT) + "\t" + r.policy() + "/" + r.rule() + "\t" + o.resource().display()
                            + "\t" + r.image().orElse("-") + "\t" + r.message());
                }
            }
            out.println();
            out.println("pass: " + counts.get("pass") + ", fail: " + counts.get("fail") + ", warn: " + counts.get("warn")
                    + ", error: " + counts.get("error") + ", skip: " + counts.get("skip"));
            for (PolicyApply.Outcome o : result.outcomes()) {
                if (!o.decision().patches().isEmpty() || o.decision().results().stream().anyMatch(r -> r.patch().isPresent())) {
                    out.println();
                    out.println("# mutated " + o.resource().display());
                    out.print(YAML.writeValueAsString(o.mutated()));
                }
            }
            if (policyReport) {
                for (PolicyApply.Outcome o : result.outcomes()) {
                    out.println("---");
                    out.print(YAML.writeValueAsString(o.report()));
                }
            }
        }

        private JsonNode json(PolicyApply.Result result) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ArrayNode results = root.putArray("results");
            ArrayNode resources = root.putArray("resources");
            for (PolicyApply.Outcome o : result.outcomes()) {
                for (RuleResult r : o.decision().results()) {
                    ObjectNode item = results.addObject();
                    item.put("policy", r.policy());
                    item.put("rule", r.rule());
                    item.put("resource", o.resource().display());
                    if (r.image().isPresent()) {
                        item.put("image", r.image().get());
                    } else {
                        item.putNull("image");
                    }
                    item.put("result", shown(r));
                    item.put("message", r.message());
                }
                resources.add(o.mutated());
            }
            if (policyReport) {
                ArrayNode reports = root.putArray("policyReports");
                result.outcomes().forEach(o -> reports.add(o.report()));
            }
            return root;
        }
    }

    @Command(name = "test", description = "Run Kyverno CLI test files (kyverno-test.yaml) under DIR; exit code 1 on any mismatch.")
    static final class Test implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            List<KyvernoTestRunner.Check> checks = KyvernoTestRunner.run(dir, new RegistryVerifications(registry.options()));
            PrintWriter out = spec.commandLine().getOut();
            Map<Boolean, Integer> counts = new java.util.HashMap<>();
            for (KyvernoTestRunner.Check c : checks) {
                counts.merge(c.ok(), 1, Integer::sum);
                out.println((c.ok() ? "PASS" : "FAIL") + "\t" + c.policy() + "/" + c.rule() + "\t" + c.resource() + "\texpected "
                        + c.expected() + ", got " + c.actual() + (c.ok() ? "" : "\t" + c.detail()));
            }
            out.println();
            out.println("Test Summary: " + counts.getOrDefault(true, 0) + " tests passed and " + counts.getOrDefault(false, 0) + " tests failed");
            out.flush();
            return counts.getOrDefault(false, 0) > 0 ? Main.CHECK_FAILED : 0;
        }
    }
}
