package dev.cairn.cli;

import dev.cairn.oci.ImageTarget;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.sign.ImageVerifier;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.Subjects;
import dev.cairn.sign.Verdict;
import dev.cairn.sign.wire.EnvelopeJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify-attestation", description = "Verify an image's attestations against a public key, optionally with a CEL policy.")
final class VerifyAttestationCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Public key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = "--type", description = "Predicate type shortcut or URI; without it every attestation counts.")
    String type;

    @Option(names = "--policy", description = "File with a CEL expression every matching statement must satisfy "
            + "(variables: statement, predicate, predicateType, subject).")
    Path policy;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        Optional<String> predicateType = Optional.ofNullable(type).map(PredicateTypes::resolve);
        Optional<StatementPolicy> celPolicy = Optional.ofNullable(policy).map(p -> StatementPolicy.compile(
                new String(InputFiles.read(p, InputFiles.MAX_DOCUMENT_BYTES, "policy"), StandardCharsets.UTF_8)));
        PrintWriter err = spec.commandLine().getErr();
        try (ImageTarget target = registry.open(image)) {
            Verdict<Verdict.Attestation> verdict = new ImageVerifier(Keys.verifier(key))
                    .verifyAttestations(Subjects.resolve(target), predicateType);
            String what = predicateType.map(t -> "attestation of type " + t).orElse("attestation");
            if (!verdict.ok()) {
                err.println("cairn: verification failed: " + verdict.failureMessage(what));
                return Main.CHECK_FAILED;
            }
            List<String> violations = new ArrayList<>();
            celPolicy.ifPresent(p -> verdict.verified().forEach(a -> {
                if (p.evaluate(a.statement(), a.statementJson()) instanceof StatementPolicy.Outcome.Violated v) {
                    violations.add(a.source() + ": " + v.reason());
                }
            }));
            if (!violations.isEmpty()) {
                err.println("cairn: policy failed for " + verdict.image().display() + ": " + String.join("; ", violations));
                return Main.CHECK_FAILED;
            }
            err.println("Verification for " + verdict.image().display() + " --");
            err.println("  - " + verdict.verified().size() + " " + what + " verified against the specified public key, about exactly this digest");
            celPolicy.ifPresent(p -> err.println("  - every one satisfies the CEL policy " + policy));
            verdict.verified().forEach(a -> spec.commandLine().getOut().println(new String(EnvelopeJson.encode(a.envelope()), StandardCharsets.UTF_8)));
            return 0;
        }
    }
}
