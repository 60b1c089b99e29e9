package dev.cairn.server;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed bucket bounds in seconds; lock-free, cumulative on output. */
final class Histogram {
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length);
    }

    void observe(double seconds) {
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts.incrementAndGet(i);
                break;
            }
        }
        sum.add(seconds);
        count.increment();
    }

    long count() {
        return count.sum();
    }

    /** Appends {@code name_bucket}, {@code name_sum} and {@code name_count} lines with the given extra labels ({@code k="v"} or empty). */
    void write(StringBuilder out, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts.get(i);
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(bounds[i]).append("\"} ").append(cumulative).append('\n');
        }
        long total = count.sum();
        out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(total).append('\n');
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ').append(sum.sum()).append('\n');
        out.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
    }
}
