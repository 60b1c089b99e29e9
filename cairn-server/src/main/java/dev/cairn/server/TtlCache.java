package dev.cairn.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A bounded map whose entries expire: least recently used entries are dropped beyond
 * {@code maxEntries}, so a flood of distinct images cannot grow memory without bound. One lock
 * around a {@link LinkedHashMap} in access order: the critical sections are a few field reads, far
 * below the cost of the HTTP exchange around them.
 */
final class TtlCache<K, V> {
    private record Timed<V>(V value, long expiresAt) {
    }

    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<K, Timed<V>> entries;

    TtlCache(int maxEntries, LongSupplier nanoTime) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > TtlCache.this.maxEntries;
            }
        };
    }

    synchronized Optional<V> get(K key) {
        Timed<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.expiresAt() >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Stores the value for {@code ttl}; a zero or negative TTL stores nothing (caching disabled). */
    synchronized void put(K key, V value, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        entries.put(key, new Timed<>(value, nanoTime.getAsLong() + ttl.toNanos()));
    }

    /** A snapshot of the live values (expired ones are left out, not removed), least recently used first. */
    synchronized java.util.List<V> values() {
        long now = nanoTime.getAsLong();
        return entries.values().stream().filter(t -> now - t.expiresAt() < 0).map(Timed::value).toList();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
