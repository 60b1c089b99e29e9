package dev.cairn.server;

import dev.cairn.policy.PolicyLoader;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where policy text comes from: files and directories, or the policy custom resources of a cluster.
 * {@link PolicyWatcher} polls every source, reloads all of them together (all or nothing) when one
 * changed, and keeps the last good set when one fails.
 */
interface PolicySource {
    /** What the source holds now; throws {@link dev.cairn.model.CairnException} when it cannot say. */
    Snapshot poll();

    /**
     * @param marker  equal to the previous poll's marker when nothing changed (file names, sizes and times; digests of fetched text)
     * @param sources the text, read only when the marker changed where reading is the costly part
     */
    record Snapshot(List<String> marker, Supplier<List<PolicyLoader.Source>> sources) {
        public Snapshot {
            marker = List.copyOf(marker);
            Objects.requireNonNull(sources, "sources");
        }
    }
}
