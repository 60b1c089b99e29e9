package dev.cairn.server;

import dev.cairn.model.CairnException;

import java.time.Duration;
import java.util.Objects;

/**
 * How long verification answers are reused and how hard registries are pushed.
 *
 * @param positiveTtl           a verified signature or attestation is reused this long
 * @param negativeTtl           "no valid signature" is reused this long (short: a signature pushed
 *                              after a denial should start to count soon)
 * @param tagTtl                a tag's digest is reused this long (see {@link CachingVerifications} on the trade-off)
 * @param maxEntries            per cache; least recently used entries are dropped beyond it
 * @param registryConcurrency   registry verifications running at once per registry host
 */
public record CacheSettings(Duration positiveTtl, Duration negativeTtl, Duration tagTtl, int maxEntries, int registryConcurrency) {
    public CacheSettings {
        Objects.requireNonNull(positiveTtl, "positiveTtl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(tagTtl, "tagTtl");
        if (positiveTtl.isNegative() || negativeTtl.isNegative() || tagTtl.isNegative()) {
            throw CairnException.invalid("cache TTLs cannot be negative");
        }
        if (maxEntries < 1 || registryConcurrency < 1) {
            throw CairnException.invalid("--cache-size and --registry-concurrency must be at least 1");
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30), 10_000, 16);
    }

    /** Nothing reused: every request verifies against the registry (coalescing and limits still apply). */
    public static CacheSettings disabled() {
        return new CacheSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, 16);
    }
}
