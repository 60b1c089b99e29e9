package dev.cairn.vuln.source;

/**
 * Bounds on what a source may make the importer read: advisory data comes from outside.
 *
 * @param maxRecordBytes one OSV record (a file or a zip entry); larger ones are skipped and counted
 * @param maxFileBytes one whole-file source (Debian DSA/DLA list, tracker JSON, Alpine secdb)
 * @param maxArchiveEntries entries read from one zip before the rest of it is given up
 * @param maxArchiveBytes decompressed bytes read from one zip (including skipped entries) before
 *     the rest of it is given up: the zip-bomb bound
 */
public record ImportLimits(long maxRecordBytes, long maxFileBytes, long maxArchiveEntries, long maxArchiveBytes) {

    public static final ImportLimits DEFAULT =
            new ImportLimits(4L << 20, 1L << 30, 2_000_000, 32L << 30);

    public ImportLimits {
        if (maxRecordBytes <= 0 || maxFileBytes <= 0 || maxArchiveEntries <= 0 || maxArchiveBytes <= 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
