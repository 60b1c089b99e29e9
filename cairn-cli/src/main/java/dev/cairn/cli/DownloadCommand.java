package dev.cairn.cli;

import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.AttachmentStore;
import dev.cairn.sign.Subjects;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.wire.EnvelopeJson;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "download", description = "Download things attached to an image.",
        subcommands = DownloadCommand.Attestation.class)
final class DownloadCommand {

    @Command(name = "attestation", description = "Print every attestation envelope (both formats), one JSON per line, unverified.")
    static final class Attestation implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "IMAGE")
        String image;

        @Override
        public Integer call() {
            try (ImageTarget target = registry.open(image)) {
                SubjectImage subject = Subjects.resolve(target);
                AttachmentStore store = new AttachmentStore(target.store());
                var out = spec.commandLine().getOut();
                for (AttachmentStore.LegacyLayer layer : store.legacyLayers(subject.digest(), AttachmentStore.LegacyTag.ATTESTATIONS)) {
                    out.println(new String(EnvelopeJson.encode(EnvelopeJson.decode(layer.content())), StandardCharsets.UTF_8));
                }
                for (AttachmentStore.StoredBundle bundle : store.bundles(subject.digest())) {
                    out.println(Json.object(bundle.bundle().encode(), "bundle"));
                }
            }
            return 0;
        }
    }
}
