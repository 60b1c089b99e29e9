package dev.cairn.vuln.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered version list from {@code src/test/resources/versions/<name>.txt}: one version per
 * line, ascending; a line starting with {@code =} is equal to the one before; {@code #} comments.
 * Each version carries its rank, so any two entries say how they must compare.
 */
record VersionCorpus(String name, List<Entry> entries) {

    record Entry(String version, int rank, int line) {}

    static VersionCorpus load(String name) {
        try (InputStream in = VersionCorpus.class.getResourceAsStream("/versions/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + name);
            }
            List<Entry> entries = new ArrayList<>();
            int rank = -1;
            int lineNo = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("=")) {
                    entries.add(new Entry(l.substring(1), rank, lineNo));
                } else {
                    entries.add(new Entry(l, ++rank, lineNo));
                }
            }
            return new VersionCorpus(name, List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
