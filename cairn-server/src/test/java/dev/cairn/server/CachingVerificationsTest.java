package dev.cairn.server;

import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.model.ManifestBlob;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is cached, under which key and for how long, without a registry (a scripted origin). */
class CachingVerificationsTest {
    static final TrustedKey KEY = new TrustedKey(SignatureVerifier.of(SigningKeyPair.generate().publicKey()), "f".repeat(64));
    static final ImageRef REF = ImageRef.parse("127.0.0.1:5000/demo/app:1");
    static final Digest DIGEST = Fixtures.manifestDigest("app-1");
    static final Deadline DEADLINE = Deadline.startingNow(Duration.ofMinutes(1));

    /** An origin that answers with whatever the test sets, counting calls. */
    static final class Scripted implements Verifications {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Object> answer = new AtomicReference<>();

        @Override
        public Digest resolve(ImageRef ref) {
            calls.incrementAndGet();
            return DIGEST;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Verdict<Verdict.Signature> signatures(ImageRef ref, Digest digest, TrustedKey key, Map<String, String> annotations) {
            calls.incrementAndGet();
            if (answer.get() instanceof CairnException e) {
                throw e;
            }
            return (Verdict<Verdict.Signature>) answer.get();
        }

        @Override
        public Verdict<Verdict.Attestation> attestations(ImageRef ref, Digest digest, TrustedKey key, Optional<String> predicateType) {
            throw new UnsupportedOperationException();
        }
    }

    static Verdict<Verdict.Signature> verdict(boolean ok) {
        OciLayout layout = OciLayout.at(Fixtures.ociLayout());
        ManifestBlob manifest = layout.manifest("app-1").orElseThrow();
        SubjectImage image = new SubjectImage(layout, manifest.descriptor(), "demo/app");
        List<Verdict.Signature> verified = ok ? List.of(new Verdict.Signature(null, "test", null)) : List.of();
        return new Verdict<>(image, verified, List.of(), List.of("referrers"));
    }

    @Test
    void answersAreKeyedByPolicySetFingerprint() {
        Scripted origin = new Scripted();
        origin.answer.set(verdict(true));
        CachingVerifications cache = new CachingVerifications(origin, CacheSettings.defaults(), new Metrics());

        cache.forRequest("policies-1", DEADLINE).signatures(REF, DIGEST, KEY, Map.of());
        cache.forRequest("policies-1", DEADLINE).signatures(REF, DIGEST, KEY, Map.of());
        assertThat(origin.calls).hasValue(1);

        cache.forRequest("policies-2", DEADLINE).signatures(REF, DIGEST, KEY, Map.of());
        assertThat(origin.calls).hasValue(2);
    }

    @Test
    void annotationsArePartOfTheKey() {
        Scripted origin = new Scripted();
        origin.answer.set(verdict(true));
        CachingVerifications cache = new CachingVerifications(origin, CacheSettings.defaults(), new Metrics());

        cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of());
        cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of("env", "prod"));

        assertThat(origin.calls).hasValue(2);
    }

    /**
     * Repeated: a load that had answered but was still counted in flight once handed its uncached denial
     * to the next caller (here within a few dozen rounds).
     */
    @Test
    void negativeAnswersUseTheirOwnTtl() {
        CacheSettings noNegative = new CacheSettings(Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(30), 100, 4);
        for (int round = 0; round < 500; round++) {
            Scripted origin = new Scripted();
            CachingVerifications cache = new CachingVerifications(origin, noNegative, new Metrics());

            origin.answer.set(verdict(false));
            assertThat(cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of()).ok()).isFalse();
            origin.answer.set(verdict(true)); // the signature was pushed after the denial
            assertThat(cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of()).ok()).as("round " + round).isTrue();
            assertThat(origin.calls).hasValue(2);
        }
    }

    @Test
    void errorsAreNeverCached() {
        Scripted origin = new Scripted();
        CachingVerifications cache = new CachingVerifications(origin, CacheSettings.defaults(), new Metrics());
        origin.answer.set(CairnException.invalid("manifest is not valid JSON"));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of()))
                    .hasMessage("manifest is not valid JSON");
        }
        origin.answer.set(verdict(true));

        assertThat(cache.forRequest("p", DEADLINE).signatures(REF, DIGEST, KEY, Map.of()).ok()).isTrue();
        assertThat(origin.calls).hasValue(3);
    }

    @Test
    void cacheIsBoundedLeastRecentlyUsedFirst() {
        AtomicLong now = new AtomicLong();
        TtlCache<String, String> cache = new TtlCache<>(2, now::get);
        cache.put("a", "1", Duration.ofSeconds(10));
        cache.put("b", "2", Duration.ofSeconds(10));
        cache.get("a");
        cache.put("c", "3", Duration.ofSeconds(10));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).contains("1");
        assertThat(cache.get("c")).contains("3");
    }

    @Test
    void entriesExpireAndZeroTtlStoresNothing() {
        AtomicLong now = new AtomicLong();
        TtlCache<String, String> cache = new TtlCache<>(10, now::get);
        cache.put("a", "1", Duration.ofSeconds(30));
        cache.put("b", "2", Duration.ZERO);

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.get("a")).contains("1");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).isEmpty();
    }
}
