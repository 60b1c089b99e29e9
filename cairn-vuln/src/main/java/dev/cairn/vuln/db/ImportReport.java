package dev.cairn.vuln.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an import did. Counts over the whole batch: {@code inserted} new ids, {@code replaced}
 * stored advisories by newer content, {@code unchanged} records identical to what was stored
 * (same content hash), {@code removed} ids withdrawn by their source, {@code olderIgnored} records
 * older than the stored advisory with the same id, {@code duplicates} ids seen twice in this
 * batch with different content (the later {@code modified} kept).
 */
public record ImportReport(Path database, Duration elapsed, long advisories, long inserted, long replaced,
                           long unchanged, long removed, long olderIgnored, long duplicates,
                           List<SourceReport> sources) {
    public ImportReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(elapsed, "elapsed");
        sources = List.copyOf(sources);
    }

    /**
     * One source: records {@code kept} (valid, whether or not they changed the database),
     * {@code skipped} by reason with a few examples, {@code withdrawn}, and warnings.
     */
    public record SourceReport(String name, String location, long kept, long skipped, long withdrawn,
                               Map<String, Long> skippedByReason, List<String> skipExamples,
                               long warnings, List<String> warningExamples) {
        public SourceReport {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
            skippedByReason = Map.copyOf(skippedByReason);
            skipExamples = List.copyOf(skipExamples);
            warningExamples = List.copyOf(warningExamples);
        }
    }

    public long kept() {
        return sources.stream().mapToLong(SourceReport::kept).sum();
    }

    public long skipped() {
        return sources.stream().mapToLong(SourceReport::skipped).sum();
    }

    /** Whether the import changed any advisory. */
    public boolean changed() {
        return inserted + replaced + removed > 0;
    }

    /** A few lines for a person (stderr): totals, then per source kept/skipped with reasons and examples. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("imported %d records into %s in %d ms: %d advisories (%d new, %d replaced, %d unchanged,"
                        + " %d withdrawn, %d older ignored, %d duplicate ids), %d skipped%n",
                kept(), database, elapsed.toMillis(), advisories, inserted, replaced, unchanged, removed,
                olderIgnored, duplicates, skipped()));
        for (SourceReport s : sources) {
            b.append(String.format("  %s: %d kept, %d skipped %s, %d withdrawn, %d warnings%n", s.name(), s.kept(),
                    s.skipped(), new java.util.TreeMap<>(s.skippedByReason()), s.withdrawn(), s.warnings()));
            s.skipExamples().forEach(e -> b.append("    skipped ").append(e).append(System.lineSeparator()));
            s.warningExamples().forEach(e -> b.append("    warning ").append(e).append(System.lineSeparator()));
        }
        return b.toString();
    }
}
