package dev.cairn.vuln.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Advisory sources from paths, their kind detected from what is there:
 * <ul>
 *   <li>a directory: every file below it, recursively, in name order, each detected as below;</li>
 *   <li>{@code *.zip} (e.g. OSV's per-ecosystem {@code all.zip}): its {@code .json}/{@code .yaml}
 *       entries, streamed with {@link ZipInputStream} within {@link ImportLimits} (entries,
 *       decompressed bytes, bytes per record);</li>
 *   <li>{@code *.json}, {@code *.yaml}, {@code *.yml}: an OSV record; an Alpine secdb file
 *       ({@code distroversion} + {@code packages}); or, for JSON, the Debian security tracker's
 *       export (package → CVE → releases), which is streamed and may be larger than a record;</li>
 *   <li>a file named {@code DSA-list}, {@code DLA-list} (or {@code list} in a {@code DSA}/{@code DLA}
 *       directory): the Debian security tracker's advisory list.</li>
 * </ul>
 * Other files (README.md ...) are ignored with a warning.
 */
public final class Sources {
    private Sources() {
    }

    public static AdvisorySource of(Path path) {
        return of(path, ImportLimits.DEFAULT);
    }

    public static AdvisorySource of(Path path, ImportLimits limits) {
        return new PathSource(path.toAbsolutePath().normalize(), limits);
    }

    public static List<AdvisorySource> of(List<Path> paths, ImportLimits limits) {
        return paths.stream().map(p -> of(p, limits)).toList();
    }

    private record PathSource(Path path, ImportLimits limits) implements AdvisorySource {
        PathSource {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String name() {
            Path f = path.getFileName();
            return f == null ? path.toString() : f.toString();
        }

        @Override
        public String location() {
            return path.toString();
        }

        @Override
        public void read(RecordSink sink) throws IOException {
            if (!Files.exists(path)) {
                throw CairnException.notFound("advisory source " + path + " does not exist");
            }
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                try (Batch batch = new Batch(sink)) {
                    for (Path f : files) {
                        readFile(f, name() + "/" + path.relativize(f), sink, batch);
                    }
                }
            } else {
                try (Batch batch = new Batch(sink)) {
                    readFile(path, name(), sink, batch);
                }
            }
        }

        private void readFile(Path f, String where, RecordSink sink, Batch batch) throws IOException {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            long size = Files.size(f);
            if (!isRecord(lower) || size > limits.maxRecordBytes()) {
                batch.flush(); // keep the order of what the sink sees
            }
            if (lower.endsWith(".zip")) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                    readZip(in, where, sink, batch);
                }
            } else if (isDebianList(f)) {
                if (size > limits.maxFileBytes()) {
                    sink.skip(where, "over-size", size + " bytes; at most " + limits.maxFileBytes());
                    return;
                }
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    DebianDsaList.read(r, where, sink);
                } catch (UncheckedIOException | java.nio.charset.MalformedInputException e) {
                    sink.skip(where, "unparsable", Parsers.brief(e));
                }
            } else if (lower.endsWith(".json") && size > limits.maxRecordBytes()) {
                // Larger than a record: only the tracker export is allowed to be this big; it is streamed.
                boolean tracker;
                try (InputStream in = Files.newInputStream(f); JsonParser p = Parsers.JSON.createParser(in)) {
                    tracker = DebianTrackerJson.looksLikeTracker(p);
                } catch (IOException e) {
                    tracker = false;
                }
                if (!tracker) {
                    sink.skip(where, "over-size", size + " bytes; a record may have at most " + limits.maxRecordBytes());
                } else if (size > limits.maxFileBytes()) {
                    sink.skip(where, "over-size", size + " bytes; at most " + limits.maxFileBytes());
                } else {
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                        DebianTrackerJson.read(in, where, sink);
                    } catch (IOException e) {
                        sink.skip(where, "unparsable", "tracker JSON: " + Parsers.brief(e));
                    }
                }
            } else if (isRecord(lower)) {
                if (size > limits.maxRecordBytes()) {
                    sink.skip(where, "over-size", size + " bytes; a record may have at most " + limits.maxRecordBytes());
                    return;
                }
                batch.add(Files.readAllBytes(f), lower, where);
            } else {
                sink.warn(where, "not an advisory file; ignored");
            }
        }

        private static boolean isRecord(String lowerName) {
            return lowerName.endsWith(".json") || lowerName.endsWith(".yaml") || lowerName.endsWith(".yml");
        }

        private static boolean isDebianList(Path f) {
            String name = f.getFileName().toString();
            if (name.equals("DSA-list") || name.equals("DLA-list")) {
                return true;
            }
            Path parent = f.getParent();
            return name.equals("list") && parent != null && parent.getFileName() != null
                    && List.of("DSA", "DLA").contains(parent.getFileName().toString());
        }

        private void readZip(InputStream raw, String archive, RecordSink sink, Batch batch) throws IOException {
            long entries = 0;
            long total = 0;
            byte[] buf = new byte[1 << 16];
            try (ZipInputStream zip = new ZipInputStream(raw)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    if (++entries > limits.maxArchiveEntries()) {
                        sink.skip(archive, "archive bound",
                                "more than " + limits.maxArchiveEntries() + " entries; the rest of the archive is not read");
                        return;
                    }
                    String where = archive + "!" + OsvRecords.quotable(e.getName());
                    String lower = e.getName().toLowerCase(Locale.ROOT);
                    if (!isRecord(lower)) {
                        sink.warn(where, "not an advisory file; ignored");
                    }
                    // Read (or, when not wanted or too big, drain) the entry, counting every
                    // decompressed byte against the archive's bound.
                    ByteArrayOutputStream out = isRecord(lower) ? new ByteArrayOutputStream() : null;
                    long size = 0;
                    int n;
                    while ((n = zip.read(buf)) > 0) {
                        size += n;
                        total += n;
                        if (total > limits.maxArchiveBytes()) {
                            sink.skip(where, "archive bound", "more than " + limits.maxArchiveBytes()
                                    + " decompressed bytes in the archive; this entry and the rest are not read");
                            return;
                        }
                        if (out != null) {
                            if (size > limits.maxRecordBytes()) {
                                out = null; // keep draining, bounded by maxArchiveBytes
                            } else {
                                out.write(buf, 0, n);
                            }
                        }
                    }
                    if (!isRecord(lower)) {
                        continue;
                    }
                    if (size > limits.maxRecordBytes()) {
                        sink.skip(where, "over-size", size + " bytes; a record may have at most " + limits.maxRecordBytes());
                        continue;
                    }
                    batch.add(out.toByteArray(), lower, where);
                }
            } catch (java.util.zip.ZipException ex) {
                sink.skip(archive, "unparsable", "zip: " + Parsers.brief(ex) + "; the rest of the archive is not read");
            }
        }

        /**
         * Record files parsed a few hundred at a time on the common pool (YAML parsing dominates an
         * import), their results delivered to the sink in the order read. Memory is bounded by the
         * batch size times the record bound.
         */
        private static final class Batch implements AutoCloseable {
            private static final int MAX_RECORDS = 256;
            private static final long MAX_BYTES = 64L << 20;
            private final RecordSink sink;
            private final List<Pending> pending = new java.util.ArrayList<>();
            private long bytes;

            private record Pending(byte[] bytes, String lowerName, String where) {}

            Batch(RecordSink sink) {
                this.sink = sink;
            }

            void add(byte[] data, String lowerName, String where) {
                pending.add(new Pending(data, lowerName, where));
                bytes += data.length;
                if (pending.size() >= MAX_RECORDS || bytes >= MAX_BYTES) {
                    flush();
                }
            }

            void flush() {
                if (pending.isEmpty()) {
                    return;
                }
                List<Recorder> results = pending.parallelStream().map(p -> {
                    Recorder r = new Recorder();
                    record(p.bytes(), p.lowerName(), p.where(), r);
                    return r;
                }).toList();
                pending.clear();
                bytes = 0;
                results.forEach(r -> r.replay(sink));
            }

            @Override
            public void close() {
                flush();
            }
        }

        /** A sink that remembers calls, to replay them in order on the real (single-threaded) sink. */
        private static final class Recorder implements RecordSink {
            private final List<java.util.function.Consumer<RecordSink>> calls = new java.util.ArrayList<>(2);

            @Override
            public void accept(dev.cairn.vuln.Advisory advisory, String where) {
                calls.add(s -> s.accept(advisory, where));
            }

            @Override
            public void withdrawn(String id, String where) {
                calls.add(s -> s.withdrawn(id, where));
            }

            @Override
            public void skip(String where, String reason, String detail) {
                calls.add(s -> s.skip(where, reason, detail));
            }

            @Override
            public void warn(String where, String message) {
                calls.add(s -> s.warn(where, message));
            }

            void replay(RecordSink sink) {
                calls.forEach(c -> c.accept(sink));
            }
        }

        /** One record's bytes: parsed, classified and delivered; never throws for bad content. */
        private static void record(byte[] bytes, String lowerName, String where, RecordSink sink) {
            boolean yaml = !lowerName.endsWith(".json");
            JsonNode root;
            try {
                root = yaml ? Parsers.yaml(new ByteArrayInputStream(bytes)) : Parsers.json(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                sink.skip(where, "unparsable", (yaml ? "YAML: " : "JSON: ") + Parsers.brief(e));
                return;
            }
            if (OsvRecords.looksLikeOsv(root)) {
                try {
                    switch (OsvRecords.parse(root)) {
                        case OsvRecords.Parsed.Ok ok -> {
                            ok.warnings().forEach(w -> sink.warn(where, w));
                            sink.accept(ok.advisory(), where);
                        }
                        case OsvRecords.Parsed.Withdrawn w -> sink.withdrawn(w.id(), where);
                    }
                } catch (InvalidRecord e) {
                    sink.skip(where, e.reason(), e.getMessage());
                }
            } else if (AlpineSecdb.looksLikeSecdb(root)) {
                AlpineSecdb.read(root, where, sink);
            } else if (!yaml && looksLikeTracker(bytes)) {
                try {
                    DebianTrackerJson.read(new ByteArrayInputStream(bytes), where, sink);
                } catch (IOException | RuntimeException e) {
                    sink.skip(where, "unparsable", "tracker JSON: " + Parsers.brief(e));
                }
            } else {
                sink.skip(where, "unknown format", "neither an OSV record, an Alpine secdb nor Debian tracker JSON");
            }
        }

        private static boolean looksLikeTracker(byte[] bytes) {
            try (JsonParser p = Parsers.JSON.createParser(bytes)) {
                return DebianTrackerJson.looksLikeTracker(p);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
