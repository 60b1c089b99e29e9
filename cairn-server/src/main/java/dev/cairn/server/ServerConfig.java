package dev.cairn.server;

import dev.cairn.model.CairnException;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code cairn server} is started with.
 *
 * @param deadline       per admission request, kept below the webhook's {@code timeoutSeconds} (10 s by default)
 * @param maxBodyBytes   AdmissionReview bodies larger than this are refused with 413 (the API server's own request limit is 3 MiB)
 * @param reloadInterval how often the policy files (and the cluster's policy resources) are checked for changes
 * @param cluster        where to read the policy custom resources from, besides (or instead of) {@code policyPaths}
 */
public record ServerConfig(InetSocketAddress listen, List<Path> policyPaths, ServingCertificate tls, CacheSettings cache, Duration deadline,
                           FailurePolicy failurePolicy, int maxBodyBytes, Duration reloadInterval,
                           Optional<KubernetesPolicySource.Connection> cluster) {
    public static final int DEFAULT_MAX_BODY_BYTES = 3 << 20;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(8);

    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        policyPaths = List.copyOf(policyPaths);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(cluster, "cluster");
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofSeconds(29)) > 0) {
            throw CairnException.invalid("--deadline must be positive and below 29s (webhook timeouts are at most 30s), not " + deadline);
        }
        if (maxBodyBytes < 1024) {
            throw CairnException.invalid("the body limit must be at least 1024 bytes");
        }
    }

    public static ServerConfig defaults(InetSocketAddress listen, List<Path> policyPaths, ServingCertificate tls) {
        return new ServerConfig(listen, policyPaths, tls, CacheSettings.defaults(), DEFAULT_DEADLINE, FailurePolicy.FAIL,
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(3), Optional.empty());
    }

    public ServerConfig withCache(CacheSettings c) {
        return new ServerConfig(listen, policyPaths, tls, c, deadline, failurePolicy, maxBodyBytes, reloadInterval, cluster);
    }

    public ServerConfig withDeadline(Duration d) {
        return new ServerConfig(listen, policyPaths, tls, cache, d, failurePolicy, maxBodyBytes, reloadInterval, cluster);
    }

    public ServerConfig withFailurePolicy(FailurePolicy f) {
        return new ServerConfig(listen, policyPaths, tls, cache, deadline, f, maxBodyBytes, reloadInterval, cluster);
    }

    public ServerConfig withCluster(Optional<KubernetesPolicySource.Connection> k) {
        return new ServerConfig(listen, policyPaths, tls, cache, deadline, failurePolicy, maxBodyBytes, reloadInterval, k);
    }

    public ServerConfig withReloadInterval(Duration r) {
        return new ServerConfig(listen, policyPaths, tls, cache, deadline, failurePolicy, maxBodyBytes, r, cluster);
    }
}
