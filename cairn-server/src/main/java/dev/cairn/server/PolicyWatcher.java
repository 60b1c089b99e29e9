package dev.cairn.server;

import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.PolicySet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the policy set in force in step with its sources (files, the cluster's policy resources):
 * polls each one's marker and reloads all of them together, all or nothing, when one changed. A set that does not load
 * leaves the last good one in force, is logged, counted and shown by {@code /readyz}.
 */
final class PolicyWatcher implements AutoCloseable {
    private final PolicyLoader loader;
    private final List<PolicySource> sources;
    private final Metrics metrics;
    private final Consumer<String> log;
    private final Clock clock;
    private final AtomicReference<PolicyState> state = new AtomicReference<>();
    private volatile List<String> lastSnapshot = List.of();
    private volatile Thread poller;

    /** Loads the set at start; an invalid set throws (the server refuses to start). */
    PolicyWatcher(PolicyLoader loader, List<PolicySource> sources, Metrics metrics, Consumer<String> log, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.sources = List.copyOf(sources);
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        PolicySource.Snapshot snapshot = snapshot();
        PolicySet set = loader.load(snapshot.sources().get());
        lastSnapshot = snapshot.marker();
        state.set(new PolicyState(set, 1, clock.instant(), Optional.empty()));
        metrics.generation(1);
    }

    PolicyState current() {
        return state.get();
    }

    /** Polls every {@code interval} on a daemon virtual thread until closed. */
    void start(Duration interval) {
        poller = Thread.ofVirtual().name("cairn-policy-watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                reloadIfChanged();
            }
        });
    }

    /** Reloads when a source changed since the last look (a file added, removed or changed; a resource changed); true when a new set is in force. */
    boolean reloadIfChanged() {
        PolicySource.Snapshot snapshot;
        try {
            snapshot = snapshot();
        } catch (CairnException e) {
            return failed(e.getMessage(), List.of());
        }
        if (snapshot.marker().equals(lastSnapshot)) {
            return false;
        }
        return reload(snapshot);
    }

    /** Reloads now, whatever the markers say. */
    boolean reload() {
        try {
            return reload(snapshot());
        } catch (CairnException e) {
            return failed(e.getMessage(), List.of());
        }
    }

    private boolean reload(PolicySource.Snapshot snapshot) {
        PolicySet set;
        try {
            set = loader.load(snapshot.sources().get());
        } catch (CairnException e) {
            return failed(e.getMessage(), snapshot.marker());
        }
        lastSnapshot = snapshot.marker();
        PolicyState before = state.get();
        if (set.fingerprint().equals(before.policies().fingerprint())) {
            // same text (e.g. touched): keep the generation, clear a stale error
            state.set(new PolicyState(before.policies(), before.generation(), before.loadedAt(), Optional.empty()));
            return false;
        }
        PolicyState next = new PolicyState(set, before.generation() + 1, clock.instant(), Optional.empty());
        state.set(next);
        metrics.generation(next.generation());
        log.accept("cairn server: policies reloaded: " + next.describe());
        return true;
    }

    private boolean failed(String message, List<String> snapshot) {
        // remember the failing snapshot so an unchanged broken file is reported once, not every poll
        lastSnapshot = snapshot;
        if (state.get().lastError().map(e -> e.message().equals(message)).orElse(false) && snapshot.isEmpty()) {
            return false; // the same listing error as last time (e.g. a directory gone): said already
        }
        metrics.reloadError();
        state.updateAndGet(s -> new PolicyState(s.policies(), s.generation(), s.loadedAt(),
                Optional.of(new PolicyState.ReloadError(clock.instant(), message))));
        log.accept("cairn server: policy reload failed, keeping generation " + state.get().generation() + ": " + message);
        return false;
    }

    private PolicySource.Snapshot snapshot() {
        if (sources.size() == 1) {
            return sources.get(0).poll();
        }
        List<String> marker = new ArrayList<>();
        List<PolicySource.Snapshot> all = new ArrayList<>();
        for (PolicySource source : sources) {
            PolicySource.Snapshot one = source.poll();
            marker.addAll(one.marker());
            all.add(one);
        }
        return new PolicySource.Snapshot(marker, () -> {
            List<PolicyLoader.Source> text = new ArrayList<>();
            all.forEach(one -> text.addAll(one.sources().get()));
            return text;
        });
    }

    @Override
    public void close() {
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }
}
