package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.Signer;
import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Subjects;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "attest", description = "Attach a signed in-toto attestation (DSSE) to an image.")
final class AttestCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Private key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = "--predicate", required = true, description = "JSON file with the predicate.")
    Path predicate;

    @Option(names = "--type", defaultValue = "custom",
            description = "slsaprovenance, slsaprovenance02, slsaprovenance1, link, spdx, spdxjson, cyclonedx, vuln, openvex, custom, or a URI.")
    String type;

    @Option(names = "--format", defaultValue = "bundle", description = "bundle (OCI referrer) or legacy (.att tag).")
    String format;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        String predicateType = PredicateTypes.resolve(type);
        JsonNode predicateJson = Json.object(InputFiles.read(predicate, InputFiles.MAX_DOCUMENT_BYTES, "predicate"), "predicate file " + predicate);
        try (ImageTarget target = registry.open(image); Signer signer = Keys.signer(key)) {
            SubjectImage subject = Subjects.resolve(target);
            if (Subjects.namedByTag(target)) {
                spec.commandLine().getErr().println("Resolved " + target.display() + " to " + subject.digest() + "; attesting the digest.");
            }
            ImageSigner.Stored stored = new ImageSigner(signer, Clock.systemUTC())
                    .attest(subject, predicateType, predicateJson, Formats.parse(format));
            spec.commandLine().getErr().println("Attested " + predicateType + " for " + subject.display() + " -> " + stored.where());
        }
        return 0;
    }
}
