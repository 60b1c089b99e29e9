package dev.cairn.sbom.os;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Debian control-file paragraphs ({@code Field: value}, continuation lines start with a space,
 * paragraphs end at a blank line), streamed: one paragraph is held at a time and only the fields
 * asked for are kept, so a status file with thousands of packages and long descriptions costs
 * little. Lines that fit no rule are counted, not fatal.
 */
final class ControlParagraphs {
    /** More fields than this in one paragraph is not a status file. */
    private static final int MAX_FIELDS = 200;

    private final Set<String> keep;
    private int malformed;
    private Optional<String> problem = Optional.empty();

    ControlParagraphs(Set<String> keep) {
        this.keep = keep;
    }

    /** Calls {@code each} for every paragraph with at least one kept field. */
    void read(InputStream in, Consumer<Map<String, String>> each) throws IOException {
        TextLines lines = new TextLines(in);
        Map<String, String> fields = new HashMap<>();
        String last = null;
        int count = 0;
        for (Optional<String> next = lines.next(); next.isPresent(); next = lines.next()) {
            String line = next.get();
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    each.accept(fields);
                    fields = new HashMap<>();
                }
                last = null;
                count = 0;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (last == null) {
                    malformed++;
                } else if (keep.contains(last)) {
                    fields.merge(last, line.strip(), (a, b) -> a.isEmpty() ? b : a + " " + b);
                }
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0 || ++count > MAX_FIELDS) {
                    malformed++;
                    last = null;
                    continue;
                }
                last = line.substring(0, colon).strip();
                if (keep.contains(last)) {
                    fields.put(last, line.substring(colon + 1).strip());
                }
            }
        }
        if (!fields.isEmpty()) {
            each.accept(fields);
        }
        problem = lines.problem();
    }

    int malformed() {
        return malformed;
    }

    /** Why reading stopped early (binary content, absurd line), if it did. */
    Optional<String> problem() {
        return problem;
    }
}
