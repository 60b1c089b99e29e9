package dev.cairn.server;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.Verdict;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The webhook's {@link Verifications}: a cache, coalescing of identical in-flight calls,
 * per-registry limits and a per-request deadline in front of the registries (usually
 * {@code RegistryVerifications}).
 *
 * <p>What is cached, and under which key:
 * <ul>
 * <li>Signature and attestation verdicts, keyed by the policy set's fingerprint, the image's
 *     registry, repository and digest, the key's fingerprint and the check's parameters
 *     (annotations, predicate type). A changed policy set therefore never reads answers computed
 *     under the old one. A verdict that verified is kept {@code positiveTtl}, one that did not
 *     {@code negativeTtl}. Failures (registry down, slow, malformed answers) are never cached, so
 *     an error can neither pass as a verdict nor outlive the registry's recovery.</li>
 * <li>Tag → digest resolutions, for {@code tagTtl}. <b>Security trade-off:</b> for up to that long
 *     after a tag is moved we keep resolving it to the digest it named before. That digest is
 *     still the one verified and, on the mutating endpoint, the one pinned into the pod, so no
 *     unverified image is admitted by the cache; what is lost is freshness: a tag re-pushed with a
 *     new signed image is seen late, and a pod admitted through the validating endpoint alone keeps
 *     a tag the kubelet may resolve differently (true without any cache too — only digest pinning
 *     closes that gap).</li>
 * </ul>
 *
 * <p>Verification state comes from registries alone, never from the admitted object (annotations
 * are client-controlled and could be forged).
 *
 * <p>Identical concurrent calls share one registry verification. Each caller waits at most until
 * its own deadline and then gets a one-line error naming the registry; the shared call goes on in
 * the background (bounded by the registry client's timeouts) and, if it succeeds, fills the cache
 * for the next request. After a registry fails with an I/O error (connection refused, 5xx or 429
 * after the client's own retries), new calls to it fail fast for a short, growing back-off window
 * instead of piling onto a registry that is down or rate-limiting us.
 */
public final class CachingVerifications {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Verifications origin;
    private final CacheSettings settings;
    private final Metrics metrics;
    private final TtlCache<Object, Object> verdicts;
    private final TtlCache<TagKey, Digest> tags;
    private final Map<Object, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> registryPermits = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    public CachingVerifications(Verifications origin, CacheSettings settings, Metrics metrics) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.verdicts = new TtlCache<>(settings.maxEntries(), System::nanoTime);
        this.tags = new TtlCache<>(settings.maxEntries(), System::nanoTime);
    }

    /** The view one admission request uses: answers under {@code policyFingerprint}, waits no longer than {@code deadline}. */
    Verifications forRequest(String policyFingerprint, Deadline deadline) {
        return new RequestView(policyFingerprint, deadline);
    }

    private record TagKey(String registry, String repository, String tag) {
    }

    private record SignatureKey(String policies, String registry, String repository, Digest digest, String key,
                                Map<String, String> annotations) {
    }

    private record AttestationKey(String policies, String registry, String repository, Digest digest, String key,
                                  Optional<String> predicateType) {
    }

    /** A registry's failure streak: calls started before {@code until} fail fast with the last error. */
    private record Backoff(long until, Duration window, String lastError) {
    }

    private final class RequestView implements Verifications {
        private final String policies;
        private final Deadline deadline;

        RequestView(String policies, Deadline deadline) {
            this.policies = policies;
            this.deadline = deadline;
        }

        @Override
        public Digest resolve(ImageRef ref) {
            if (ref.digest().isPresent()) {
                return ref.digest().get();
            }
            TagKey key = new TagKey(ref.registry(), ref.repository(), ref.tag().orElse("latest"));
            return lookup(key, tags, d -> settings.tagTtl(), ref.registry(), deadline, () -> origin.resolve(ref));
        }

        @Override
        public Verdict<Verdict.Signature> signatures(ImageRef ref, Digest digest, TrustedKey key, Map<String, String> annotations) {
            SignatureKey cacheKey = new SignatureKey(policies, ref.registry(), ref.repository(), digest, key.fingerprint(),
                    new TreeMap<>(annotations));
            return lookup(cacheKey, verdicts, CachingVerifications.this::ttlOf, ref.registry(), deadline,
                    () -> origin.signatures(ref, digest, key, annotations));
        }

        @Override
        public Verdict<Verdict.Attestation> attestations(ImageRef ref, Digest digest, TrustedKey key, Optional<String> predicateType) {
            AttestationKey cacheKey = new AttestationKey(policies, ref.registry(), ref.repository(), digest, key.fingerprint(), predicateType);
            return lookup(cacheKey, verdicts, CachingVerifications.this::ttlOf, ref.registry(), deadline,
                    () -> origin.attestations(ref, digest, key, predicateType));
        }
    }

    private Duration ttlOf(Object verdict) {
        return verdict instanceof Verdict<?> v && v.ok() ? settings.positiveTtl() : settings.negativeTtl();
    }

    @SuppressWarnings("unchecked")
    private <K, V, R> R lookup(K key, TtlCache<K, V> cache, Function<V, Duration> ttl, String registry, Deadline deadline,
                               Supplier<R> load) {
        Optional<V> hit = cache.get(key);
        if (hit.isPresent()) {
            metrics.cacheHit();
            return (R) hit.get();
        }
        metrics.cacheMiss();
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> shared = inFlight.putIfAbsent(key, mine);
        if (shared == null) {
            shared = mine;
            // A call that finished between our cache miss and our claim has already stored its answer.
            Optional<V> late = cache.get(key);
            if (late.isPresent()) {
                inFlight.remove(key, mine);
                mine.complete(late.get());
            } else {
                startLoad(key, mine, cache, ttl, registry, deadline, load);
            }
        } else {
            metrics.coalesced();
        }
        return (R) await(shared, registry, deadline);
    }

    @SuppressWarnings("unchecked")
    private <K, V, R> void startLoad(K key, CompletableFuture<Object> result, TtlCache<K, V> cache, Function<V, Duration> ttl,
                                     String registry, Deadline deadline, Supplier<R> load) {
        Thread.ofVirtual().name("cairn-verify-" + registry).start(() -> {
            Semaphore permits = registryPermits.computeIfAbsent(registry, r -> new Semaphore(settings.registryConcurrency()));
            boolean acquired = false;
            Object value = null;
            Throwable failure = null;
            try {
                Optional<CairnException> backingOff = backingOff(registry);
                if (backingOff.isPresent()) {
                    failure = backingOff.get(); // not a new failure: the window does not grow
                } else {
                    acquired = permits.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
                    if (!acquired) {
                        throw new CairnException(ErrorCode.IO, "registry " + registry + " is busy: " + settings.registryConcurrency()
                                + " verifications already running did not finish within " + deadline.display());
                    }
                    metrics.verificationStarted();
                    V loaded;
                    try {
                        loaded = (V) load.get();
                    } finally {
                        metrics.verificationEnded();
                    }
                    backoffs.remove(registry);
                    cache.put(key, loaded, ttl.apply(loaded));
                    value = loaded;
                }
            } catch (CairnException e) {
                if (e.code() == ErrorCode.IO) {
                    recordFailure(registry, e.getMessage());
                }
                failure = e;
            } catch (InterruptedException e) {
                failure = new CairnException(ErrorCode.IO, "interrupted while verifying against " + registry, e);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                if (acquired) {
                    permits.release();
                }
                // Out of flight before the answer is given: a caller that got it and asks again starts a new
                // load. (The other order gave a denial that is not cached, negative TTL zero, a second time.)
                inFlight.remove(key, result);
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
    }

    private Optional<CairnException> backingOff(String registry) {
        Backoff backoff = backoffs.get(registry);
        if (backoff != null && System.nanoTime() - backoff.until() < 0) {
            return Optional.of(new CairnException(ErrorCode.IO, "registry " + registry + " failed moments ago; not asking it again for "
                    + Deadline.display(backoff.window()) + " (last error: " + backoff.lastError() + ")"));
        }
        return Optional.empty();
    }

    private void recordFailure(String registry, String message) {
        backoffs.compute(registry, (r, previous) -> {
            Duration window = previous == null ? FIRST_BACKOFF : min(previous.window().multipliedBy(2), MAX_BACKOFF);
            return new Backoff(System.nanoTime() + window.toNanos(), window, message);
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Object await(CompletableFuture<Object> future, String registry, Deadline deadline) {
        try {
            return future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new CairnException(ErrorCode.IO, "registry " + registry + " did not answer within " + deadline.display()
                    + " (the admission deadline, kept below the webhook timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.IO, "interrupted while waiting for registry " + registry, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException c) {
                throw c;
            }
            throw new CairnException(ErrorCode.IO, "verification against " + registry + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Entries held now (verdicts and tags), for tests and diagnostics. */
    int cachedEntries() {
        return verdicts.size() + tags.size();
    }
}
