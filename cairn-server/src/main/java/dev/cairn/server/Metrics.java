package dev.cairn.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The webhook's Prometheus metrics, written by hand in the text exposition format (version 0.0.4):
 * a dozen series do not justify a metrics library.
 */
public final class Metrics {
    /** How a decision came out: {@code error} is a denial (or warning) caused only by failures to verify, not by a policy violation. */
    public enum Result { ALLOWED, DENIED, WARNED, ERROR }

    private final Map<Endpoint, Histogram> latency = new EnumMap<>(Endpoint.class);
    private final Map<Result, LongAdder> decisions = new EnumMap<>(Result.class);
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder registryCalls = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder rejectedRequests = new LongAdder();
    private final LongAdder reloadErrors = new LongAdder();
    private final AtomicLong generation = new AtomicLong();

    public Metrics() {
        for (Endpoint e : Endpoint.values()) {
            latency.put(e, new Histogram(Histogram.LATENCY_BUCKETS));
        }
        for (Result r : Result.values()) {
            decisions.put(r, new LongAdder());
        }
    }

    void observeLatency(Endpoint endpoint, long nanos) {
        latency.get(endpoint).observe(nanos / 1e9);
    }

    void decision(Result result) {
        decisions.get(result).increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void coalesced() {
        coalesced.increment();
    }

    void verificationStarted() {
        registryCalls.increment();
        inFlight.incrementAndGet();
    }

    void verificationEnded() {
        inFlight.decrementAndGet();
    }

    void rejectedRequest() {
        rejectedRequests.increment();
    }

    void reloadError() {
        reloadErrors.increment();
    }

    void generation(long g) {
        generation.set(g);
    }

    long decisions(Result result) {
        return decisions.get(result).sum();
    }

    long coalescedCount() {
        return coalesced.sum();
    }

    long registryCalls() {
        return registryCalls.sum();
    }

    /** The exposition text served at {@code /metrics}. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        help(out, "cairn_admission_request_duration_seconds", "histogram", "Time from reading an AdmissionReview to writing the answer.");
        for (Map.Entry<Endpoint, Histogram> e : latency.entrySet()) {
            e.getValue().write(out, "cairn_admission_request_duration_seconds", "endpoint=\"" + e.getKey().path() + "\"");
        }
        help(out, "cairn_admission_decisions_total", "counter", "Admission decisions by result.");
        for (Map.Entry<Result, LongAdder> e : decisions.entrySet()) {
            out.append("cairn_admission_decisions_total{result=\"").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\"} ").append(e.getValue().sum()).append('\n');
        }
        counter(out, "cairn_verification_cache_hits_total", "Verification answers served from the cache.", cacheHits.sum());
        counter(out, "cairn_verification_cache_misses_total", "Verification answers not in the cache.", cacheMisses.sum());
        counter(out, "cairn_verification_coalesced_total", "Requests that joined an identical verification already in flight.", coalesced.sum());
        counter(out, "cairn_registry_verifications_total", "Verifications (and tag resolutions) sent to registries.", registryCalls.sum());
        help(out, "cairn_verifications_in_flight", "gauge", "Registry verifications running now.");
        out.append("cairn_verifications_in_flight ").append(inFlight.get()).append('\n');
        counter(out, "cairn_admission_rejected_requests_total", "HTTP requests refused before a decision (size, content type, malformed JSON).", rejectedRequests.sum());
        counter(out, "cairn_policy_reload_errors_total", "Policy reloads that failed; the last good set stayed in force.", reloadErrors.sum());
        help(out, "cairn_policy_set_generation", "gauge", "Generation of the policy set in force (1 = loaded at start).");
        out.append("cairn_policy_set_generation ").append(generation.get()).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        help(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void help(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
