package dev.cairn.vuln.source;

import java.io.IOException;

/**
 * Something advisories are imported from. {@link Sources#of(java.nio.file.Path)} builds one from a
 * path; tests and callers may supply their own.
 *
 * <p>Records that cannot be used go to {@link RecordSink#skip}; an exception from {@link #read}
 * means the source as a whole failed, and the importer then abandons the whole import.
 */
public interface AdvisorySource {

    /** A short name for reports and the database's {@code sources} table, e.g. {@code osv-go}. */
    String name();

    /** Where it was read from (an absolute path); the key of the {@code sources} table. */
    String location();

    void read(RecordSink sink) throws IOException;
}
