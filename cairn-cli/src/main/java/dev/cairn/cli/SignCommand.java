package dev.cairn.cli;

import dev.cairn.crypto.Signer;
import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Subjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sign", description = "Sign an image's digest with a key (cosign-compatible).")
final class SignCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Private key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = {"-a", "--annotations"}, description = "Annotation key=value to sign along (repeatable).")
    List<String> annotations;

    @Option(names = {"-r", "--recursive"}, description = "For an index, also sign every manifest it lists.")
    boolean recursive;

    @Option(names = "--format", defaultValue = "bundle", description = "bundle (cosign v3 default, OCI referrer) or legacy (.sig tag).")
    String format;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "IMAGE", description = "Image: registry reference, oci:DIR[:tag|@digest] or docker-archive:FILE.")
    String image;

    @Override
    public Integer call() {
        SignatureFormat signatureFormat = Formats.parse(format);
        try (ImageTarget target = registry.open(image); Signer signer = Keys.signer(key)) {
            List<SubjectImage> subjects = Subjects.resolveAll(target, recursive);
            if (Subjects.namedByTag(target)) {
                spec.commandLine().getErr().println("Resolved " + target.display() + " to " + subjects.get(0).digest() + "; signing the digest.");
            }
            ImageSigner imageSigner = new ImageSigner(signer, Clock.systemUTC());
            for (SubjectImage subject : subjects) {
                ImageSigner.Stored stored = imageSigner.sign(subject, Annotations.parse(annotations), signatureFormat);
                spec.commandLine().getErr().println("Signed " + subject.display() + " (" + format + ") -> " + stored.where());
            }
        }
        return 0;
    }
}
