package dev.cairn.cli;

import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.model.ManifestBlob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "copy", description = "Copy an image (or index) between registries, OCI layouts and docker-archives.")
final class CopyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "Where to, with the tag to set, e.g. 127.0.0.1:5000/demo/app:1 or oci:DIR:tag.")
    String destination;

    @Override
    public Integer call() {
        try (ImageTarget from = registry.open(source); ImageTarget to = registry.open(destination)) {
            Optional<String> tag = to.reference().contains(":") ? Optional.empty() : Optional.of(to.reference());
            ManifestBlob copied = ImageCopy.copy(from, to.store(), tag);
            spec.commandLine().getErr().println("Copied " + from.display() + " to " + to.display());
            spec.commandLine().getOut().println(copied.digest());
        }
        return 0;
    }
}
