package dev.cairn.server;

import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;
import dev.cairn.policy.TrustedKey;
import dev.cairn.policy.Verifications;
import dev.cairn.sign.Verdict;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what reaches the registry, and can hold signature checks until released (for coalescing tests). */
final class CountingVerifications implements Verifications {
    final AtomicInteger resolves = new AtomicInteger();
    final AtomicInteger signatures = new AtomicInteger();
    final AtomicInteger attestations = new AtomicInteger();
    private final Verifications origin;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    CountingVerifications(Verifications origin) {
        this.origin = origin;
    }

    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    void reset() {
        resolves.set(0);
        signatures.set(0);
        attestations.set(0);
    }

    int total() {
        return resolves.get() + signatures.get() + attestations.get();
    }

    @Override
    public Digest resolve(ImageRef ref) {
        resolves.incrementAndGet();
        return origin.resolve(ref);
    }

    @Override
    public Verdict<Verdict.Signature> signatures(ImageRef ref, Digest digest, TrustedKey key, Map<String, String> annotations) {
        signatures.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return origin.signatures(ref, digest, key, annotations);
    }

    @Override
    public Verdict<Verdict.Attestation> attestations(ImageRef ref, Digest digest, TrustedKey key, Optional<String> predicateType) {
        attestations.incrementAndGet();
        return origin.attestations(ref, digest, key, predicateType);
    }
}
