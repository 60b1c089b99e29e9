package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.crypto.Signer;
import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Subjects;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.SbomGenerator;
import dev.cairn.sbom.format.SbomFormats;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "attest", description = "Attach a signed in-toto attestation (DSSE) to an image.")
final class AttestCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Private key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = "--predicate", description = "JSON file with the predicate. For --type cyclonedx or spdxjson without it, "
            + "Cairn generates the image's SBOM and attests that.")
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
        JsonNode predicateJson = predicate != null
                ? Json.object(InputFiles.read(predicate, InputFiles.MAX_DOCUMENT_BYTES, "predicate"), "predicate file " + predicate)
                : generatedSbom(predicateType);
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

    /** The image's own SBOM as the predicate, in the format the predicate type names. */
    private JsonNode generatedSbom(String predicateType) {
        String format = switch (predicateType) {
            case "https://cyclonedx.org/bom" -> "cyclonedx-json";
            case "https://spdx.dev/Document" -> "spdx-json";
            default -> throw CairnException.invalid("--predicate is required for type " + type
                    + "; only cyclonedx and spdxjson attestations can be generated from the image");
        };
        Sbom sbom = Sboms.generate(image, registry.options(), SbomGenerator.Scope.SQUASHED, spec.commandLine().getErr());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SbomFormats.byId(format).write(sbom, out);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot encode the SBOM: " + e.getMessage(), e);
        }
        spec.commandLine().getErr().println("Generated " + format + " SBOM with " + sbom.packages().size() + " packages");
        return Json.object(out.toByteArray(), "generated SBOM");
    }
}
