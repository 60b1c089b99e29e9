package dev.cairn.vuln.version;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed versions by their string, so that a scheme parses each version once, not on every
 * comparison: a scan compares the same package version with every event of every range, and sorts
 * each range's events, so a version is compared (and was parsed) dozens of times. Only successful
 * parses are kept; parsing is a pure function of the string, so a cached result is the one a new
 * parse would give. Bounded: past {@link #MAX} entries the map is emptied and refilled (a long-running
 * server must not grow without bound); thread-safe, as lookups run on several threads.
 */
final class ParseCache<T> {
    static final int MAX = 8192;

    private final ConcurrentHashMap<String, T> parsed = new ConcurrentHashMap<>();
    private final Function<String, T> parser;

    ParseCache(Function<String, T> parser) {
        this.parser = parser;
    }

    /** The parse of {@code v}; a parser that throws or returns {@code null} leaves nothing cached. */
    T get(String v) {
        if (v == null) {
            return parser.apply(null);
        }
        T t = parsed.get(v);
        if (t != null) {
            return t;
        }
        t = parser.apply(v);
        if (t != null) {
            if (parsed.size() >= MAX) {
                parsed.clear();
            }
            parsed.put(v, t);
        }
        return t;
    }

    /** Whether {@code v} was parsed successfully and is still cached. */
    boolean contains(String v) {
        return v != null && parsed.containsKey(v);
    }
}
