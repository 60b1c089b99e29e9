package dev.cairn.server;

import java.time.Duration;

/**
 * The time one admission request may spend, fixed when the request arrives and kept below the
 * webhook timeout Kubernetes enforces (10 s by default), so the API server always gets an answer
 * from us — a denial naming the slow registry — rather than timing out on its own.
 */
record Deadline(long startNanos, Duration budget) {

    static Deadline startingNow(Duration budget) {
        return new Deadline(System.nanoTime(), budget);
    }

    Duration remaining() {
        long left = budget.toNanos() - (System.nanoTime() - startNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    boolean expired() {
        return remaining().isZero();
    }

    /** {@code 2s} or {@code 750ms}: how messages state the budget. */
    String display() {
        return display(budget);
    }

    static String display(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
