package dev.cairn.cli;

import dev.cairn.model.Platform;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.OciOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How to reach images: shared by every command that takes an IMAGE. */
final class RegistryOptions {
    @Option(names = "--allow-insecure-registry", description = "Allow plain HTTP and unverified TLS to non-loopback registries.")
    boolean allowInsecure;

    @Option(names = "--platform", description = "Image platform (os/arch[/variant]) to pick from an index.")
    String platform;

    @Option(names = "--docker-config", description = "Docker config.json with registry credentials (default ~/.docker/config.json).")
    Path dockerConfig;

    OciOptions options() {
        OciOptions options = OciOptions.defaults().withAllowInsecureRegistry(allowInsecure);
        if (platform != null) {
            options = options.withPlatform(Platform.parse(platform));
        }
        if (dockerConfig != null) {
            options = options.withDockerConfig(dockerConfig);
        }
        return options;
    }

    ImageTarget open(String image) {
        return ImageTarget.open(image, options());
    }
}
