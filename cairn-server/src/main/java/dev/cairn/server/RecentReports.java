package dev.cairn.server;

import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;

import java.time.Instant;
import java.util.Optional;

/**
 * The latest decision per resource, the webhook's only state written by admission requests:
 * what a PolicyReport is built from. Dry runs never write here (Kubernetes calls webhooks with
 * {@code dryRun: true} promising no side effects, and we declare {@code sideEffects: NoneOnDryRun}).
 * Bounded: the least recently decided resources are dropped.
 */
public final class RecentReports {
    public record Entry(AdmissionResource resource, Decision decision, Instant at) {
    }

    private final TtlCache<String, Entry> entries;

    RecentReports(int maxResources) {
        this.entries = new TtlCache<>(maxResources, System::nanoTime);
    }

    void record(AdmissionResource resource, Decision decision) {
        if (resource.dryRun()) {
            return;
        }
        entries.put(resource.display(), new Entry(resource, decision, Instant.now()), java.time.Duration.ofDays(3650));
    }

    public Optional<Entry> latest(String display) {
        return entries.get(display);
    }

    public int size() {
        return entries.size();
    }
}
