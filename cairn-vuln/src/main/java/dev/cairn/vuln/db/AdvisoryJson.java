package dev.cairn.vuln.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.cairn.model.CairnException;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our {@link Advisory} as the JSON blob the store keeps: OSV-shaped where OSV has a shape (events as
 * {@code {"fixed": "1.2"}}), written field by field in a fixed order so that equal advisories give
 * equal bytes, and so equal content hashes.
 */
final class AdvisoryJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private AdvisoryJson() {
    }

    static byte[] write(Advisory a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeStringField("source", a.source());
            if (a.modified().isPresent()) {
                g.writeStringField("modified", a.modified().get().toString());
            }
            g.writeStringField("summary", a.summary());
            strings(g, "aliases", a.aliases());
            g.writeArrayFieldStart("severities");
            for (Advisory.Severity s : a.severities()) {
                g.writeStartObject();
                g.writeStringField("type", s.type());
                g.writeStringField("score", s.score());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("affected");
            for (Advisory.Affected af : a.affected()) {
                g.writeStartObject();
                g.writeStringField("ecosystem", af.ecosystem());
                g.writeStringField("name", af.name());
                g.writeArrayFieldStart("ranges");
                for (OsvRange r : af.ranges().ranges()) {
                    g.writeStartObject();
                    g.writeStringField("type", r.type().name());
                    if (r.repo().isPresent()) {
                        g.writeStringField("repo", r.repo().get());
                    }
                    g.writeArrayFieldStart("events");
                    for (OsvEvent e : r.events()) {
                        g.writeStartObject();
                        g.writeStringField(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.version());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                strings(g, "versions", af.ranges().versions());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * Reads a blob {@link #write} wrote. A scan decodes thousands of these, so it streams the tokens into
     * the records (no tree in between), and skips fields it does not know.
     */
    static Advisory read(byte[] blob) {
        return read(blob, true);
    }

    /**
     * The {@link Advisory#header} of a blob {@link #write} wrote, read up to its {@code affected}
     * entries (written last, and most of a record) and no further.
     */
    static Advisory.Header readHeader(byte[] blob) {
        return read(blob, false).header();
    }

    private static Advisory read(byte[] blob, boolean withAffected) {
        try (JsonParser p = FACTORY.createParser(blob)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String id = "", summary = "", source = "";
            Optional<Instant> modified = Optional.empty();
            List<String> aliases = List.of();
            List<Advisory.Severity> severities = new ArrayList<>();
            List<Advisory.Affected> affected = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getText();
                    case "source" -> source = p.getText();
                    case "modified" -> modified = Optional.of(instant(p.getText()));
                    case "summary" -> summary = p.getText();
                    case "aliases" -> aliases = strings(p, value);
                    case "severities" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String type = "", score = "";
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                switch (f) {
                                    case "type" -> type = p.getText();
                                    case "score" -> score = p.getText();
                                    default -> p.skipChildren();
                                }
                            }
                            severities.add(new Advisory.Severity(type, score));
                        }
                    }
                    case "affected" -> {
                        expect(value, JsonToken.START_ARRAY);
                        if (!withAffected) {
                            return new Advisory(id, aliases, summary, severities, List.of(), modified, source);
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            affected.add(affected(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new Advisory(id, aliases, summary, severities, affected, modified, source);
        } catch (IOException | RuntimeException e) {
            throw new CairnException(dev.cairn.model.ErrorCode.INVALID_INPUT,
                    "advisory database holds an unreadable record (" + e.getMessage() + "); rebuild it with an import", e);
        }
    }

    private static Advisory.Affected affected(JsonParser p) throws IOException {
        String ecosystem = "", name = "";
        List<OsvRange> ranges = new ArrayList<>();
        List<String> versions = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "ecosystem" -> ecosystem = p.getText();
                case "name" -> name = p.getText();
                case "versions" -> versions = strings(p, value);
                case "ranges" -> {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        ranges.add(range(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Advisory.Affected(ecosystem, name, new AffectedEntry(ranges, versions));
    }

    private static OsvRange range(JsonParser p) throws IOException {
        String type = "";
        Optional<String> repo = Optional.empty();
        List<OsvEvent> events = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = p.getText();
                case "repo" -> repo = Optional.of(p.getText());
                case "events" -> {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        expect(p.nextToken(), JsonToken.FIELD_NAME);
                        OsvEvent.Kind kind = switch (p.currentName()) {
                            case "introduced" -> OsvEvent.Kind.INTRODUCED;
                            case "fixed" -> OsvEvent.Kind.FIXED;
                            case "last_affected" -> OsvEvent.Kind.LAST_AFFECTED;
                            case "limit" -> OsvEvent.Kind.LIMIT;
                            default -> throw new IllegalArgumentException("unknown event " + p.currentName());
                        };
                        p.nextToken();
                        events.add(new OsvEvent(kind, p.getText()));
                        expect(p.nextToken(), JsonToken.END_OBJECT);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new OsvRange(OsvRange.Type.valueOf(type), repo, events);
    }

    private static List<String> strings(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return out;
    }

    private static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw new IllegalArgumentException("expected " + wanted + ", found " + actual);
        }
    }

    /**
     * {@link Instant#parse} for what {@link Instant#toString} wrote; the common
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} is taken apart by hand, which is many times cheaper in a
     * cold JVM than the formatter. Anything else goes to {@code Instant.parse}.
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.' && n > 21)) {
            int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
            int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
            int nanos = 0;
            if (n > 20) { // 1 to 9 fraction digits
                nanos = digits(s, 20, n - 1);
                for (int i = n - 21; i < 9 && nanos > 0; i++) {
                    nanos *= 10;
                }
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && nanos >= 0) {
                try {
                    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                            .toInstant(java.time.ZoneOffset.UTC);
                } catch (java.time.DateTimeException e) {
                    // e.g. 31 February: let Instant.parse say so
                }
            }
        }
        return Instant.parse(s);
    }

    /** The decimal number in s[from, to), or -1 if any of it is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
