package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.PolicyReports;
import dev.cairn.policy.PolicySet;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The latest decision per resource, the webhook's only state written by admission requests:
 * what a PolicyReport is built from. Dry runs never write here (Kubernetes calls webhooks with
 * {@code dryRun: true} promising no side effects, and we declare {@code sideEffects: NoneOnDryRun}).
 * Bounded: the least recently decided resources are dropped.
 */
public final class RecentReports {
    /** The most reports one {@code GET /reports} returns, whatever {@code limit} asks. */
    public static final int MAX_LIST = 1_000;
    public static final int DEFAULT_LIST = 100;

    /** @param policies the set that decided, for the policies' severity and category annotations */
    public record Entry(AdmissionResource resource, Decision decision, Instant at, PolicySet policies) {
    }

    private final TtlCache<String, Entry> entries;

    RecentReports(int maxResources) {
        this.entries = new TtlCache<>(maxResources, System::nanoTime);
    }

    void record(AdmissionResource resource, Decision decision, PolicySet policies) {
        if (resource.dryRun()) {
            return;
        }
        entries.put(resource.display(), new Entry(resource, decision, Instant.now(), policies), Duration.ofDays(3650));
    }

    public Optional<Entry> latest(String display) {
        return entries.get(display);
    }

    public int size() {
        return entries.size();
    }

    /** The most recent decisions, newest first, at most {@code limit}, in {@code namespace} unless it is empty. */
    public List<Entry> recent(String namespace, int limit) {
        return entries.values().stream()
                .filter(e -> namespace.isEmpty() || e.resource().namespace().equals(namespace))
                .sorted(Comparator.comparing(Entry::at).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * A {@code v1} {@code List} of {@code wgpolicyk8s.io/v1alpha2} PolicyReports (ClusterPolicyReports
     * for cluster-scoped resources), one per resource, newest first, at most {@code limit};
     * {@code metadata.remainingItemCount} says how many more matched.
     */
    public ObjectNode list(String namespace, int limit) {
        int bounded = Math.max(0, Math.min(limit, MAX_LIST));
        List<Entry> all = recent(namespace, Integer.MAX_VALUE);
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ObjectNode metadata = list.putObject("metadata");
        if (all.size() > bounded) {
            metadata.put("remainingItemCount", all.size() - bounded);
        }
        ArrayNode items = list.putArray("items");
        for (Entry e : all.subList(0, Math.min(bounded, all.size()))) {
            items.add(PolicyReports.build(e.resource(), e.decision().results(), PolicyReports.annotations(e.policies()), e.at()));
        }
        return list;
    }
}
