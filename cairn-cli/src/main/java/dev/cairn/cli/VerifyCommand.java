package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.ImageVerifier;
import dev.cairn.sign.Subjects;
import dev.cairn.sign.Verdict;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", description = "Verify an image's signatures (both cosign formats) against a public key.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Public key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = {"-a", "--annotations"}, description = "Require annotation key=value in the signed payload (repeatable).")
    List<String> annotations;

    @Option(names = {"-o", "--output"}, defaultValue = "json", description = "json (as cosign prints) or text.")
    String output;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        try (ImageTarget target = registry.open(image)) {
            Verdict<Verdict.Signature> verdict = new ImageVerifier(Keys.verifier(key))
                    .verifySignatures(Subjects.resolve(target), Annotations.parse(annotations));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!verdict.ok()) {
                err.println("cairn: verification failed: " + verdict.failureMessage("signature"));
                return Main.CHECK_FAILED;
            }
            err.println("Verification for " + verdict.image().display() + " --");
            err.println("The following checks were performed on each of these signatures:");
            err.println("  - The signed payload claims exactly this digest");
            err.println("  - The signatures were verified against the specified public key");
            if (annotations != null && !annotations.isEmpty()) {
                err.println("  - The required annotations are present in the signed payload");
            }
            if (output.equals("text")) {
                for (Verdict.Signature s : verdict.verified()) {
                    out.println("verified " + s.format().name().toLowerCase() + " signature " + s.source()
                            + (s.claim().optional().isEmpty() ? "" : " annotations " + s.claim().optional()));
                }
            } else {
                ArrayNode array = Json.MAPPER.createArrayNode();
                verdict.verified().forEach(s -> array.add(claimJson(s)));
                out.println(array);
            }
            return 0;
        }
    }

    private static JsonNode claimJson(Verdict.Signature s) {
        return Json.object(s.claim().encode(), "claim");
    }
}
