package dev.cairn.vuln.source;

import dev.cairn.vuln.Advisory;

/**
 * Where a source delivers what it read. Every record ends in exactly one of {@link #accept},
 * {@link #withdrawn} or {@link #skip}; nothing is dropped silently. {@code where} names the
 * record for a person (a file, a zip entry, a line number).
 */
public interface RecordSink {

    /** A valid advisory. */
    void accept(Advisory advisory, String where);

    /** An OSV record marked {@code withdrawn}: an older copy in the database is removed. */
    void withdrawn(String id, String where);

    /**
     * A record that cannot be used. {@code reason} is a short category ("unparsable", "over-size",
     * "unknown ecosystem", "schema-invalid range" ...) and {@code detail} the specifics.
     */
    void skip(String where, String reason, String detail);

    /** Something worth telling that does not lose a record (a dropped range, an unknown release). */
    void warn(String where, String message);
}
