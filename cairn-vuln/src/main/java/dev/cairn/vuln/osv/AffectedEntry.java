package dev.cairn.vuln.osv;

import dev.cairn.model.CairnException;
import java.util.List;
import java.util.Objects;

/**
 * The part of one OSV {@code affected[]} entry that decides whether a version is affected: its
 * {@code ranges} and its enumerated {@code versions}. The package it names is matched elsewhere.
 */
public record AffectedEntry(List<OsvRange> ranges, List<String> versions) {

    public static final int MAX_RANGES = 1_000;
    /** osv.dev expands ranges into long lists (kernel, Debian); bounded, but generously. */
    public static final int MAX_VERSIONS = 100_000;

    public AffectedEntry {
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(versions, "versions");
        if (ranges.size() > MAX_RANGES) {
            throw CairnException.invalid(
                    "OSV affected entry has " + ranges.size() + " ranges; at most " + MAX_RANGES + " are accepted");
        }
        if (versions.size() > MAX_VERSIONS) {
            throw CairnException.invalid("OSV affected entry lists " + versions.size()
                    + " versions; at most " + MAX_VERSIONS + " are accepted");
        }
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
    }
}
