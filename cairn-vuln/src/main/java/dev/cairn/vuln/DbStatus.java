package dev.cairn.vuln;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The provenance of a database: schema version, build time, and per source what was imported. */
public record DbStatus(int schemaVersion, Instant built, List<SourceStatus> sources, long advisories) {
    public DbStatus {
        Objects.requireNonNull(built, "built");
        sources = List.copyOf(sources);
    }

    /** One imported source: where from, when, how many records were kept and skipped. */
    public record SourceStatus(String name, String location, Instant imported, long kept, long skipped) {
        public SourceStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(imported, "imported");
        }
    }
}
