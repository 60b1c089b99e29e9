package dev.cairn.oci;

import dev.cairn.model.Platform;
import dev.cairn.oci.registry.RetryPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach images: whether plain HTTP may be used for non-loopback registries, which platform
 * to pick from an index, where the docker config with credentials is, and network patience.
 */
public record OciOptions(boolean allowInsecureRegistry, Optional<Platform> platform, Optional<Path> dockerConfig,
                         Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {
    public OciOptions {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(dockerConfig, "dockerConfig");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
    }

    public static OciOptions defaults() {
        return new OciOptions(false, Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofMinutes(5), RetryPolicy.defaults());
    }

    public OciOptions withAllowInsecureRegistry(boolean allow) {
        return new OciOptions(allow, platform, dockerConfig, connectTimeout, requestTimeout, retry);
    }

    public OciOptions withPlatform(Platform p) {
        return new OciOptions(allowInsecureRegistry, Optional.of(p), dockerConfig, connectTimeout, requestTimeout, retry);
    }

    public OciOptions withDockerConfig(Path path) {
        return new OciOptions(allowInsecureRegistry, platform, Optional.of(path), connectTimeout, requestTimeout, retry);
    }

    public OciOptions withRetry(RetryPolicy policy) {
        return new OciOptions(allowInsecureRegistry, platform, dockerConfig, connectTimeout, requestTimeout, policy);
    }

    public OciOptions withTimeouts(Duration connect, Duration request) {
        return new OciOptions(allowInsecureRegistry, platform, dockerConfig, connect, request, retry);
    }
}
