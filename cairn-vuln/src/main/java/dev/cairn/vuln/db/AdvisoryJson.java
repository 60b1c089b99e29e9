package dev.cairn.vuln.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
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
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

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

    static Advisory read(byte[] blob) {
        try {
            JsonNode n = MAPPER.readTree(blob);
            List<Advisory.Severity> severities = new ArrayList<>();
            for (JsonNode s : n.path("severities")) {
                severities.add(new Advisory.Severity(s.path("type").asText(), s.path("score").asText()));
            }
            List<Advisory.Affected> affected = new ArrayList<>();
            for (JsonNode af : n.path("affected")) {
                List<OsvRange> ranges = new ArrayList<>();
                for (JsonNode r : af.path("ranges")) {
                    List<OsvEvent> events = new ArrayList<>();
                    for (JsonNode e : r.path("events")) {
                        Map.Entry<String, JsonNode> f = e.properties().iterator().next();
                        events.add(new OsvEvent(OsvEvent.Kind.valueOf(f.getKey().toUpperCase(java.util.Locale.ROOT)),
                                f.getValue().asText()));
                    }
                    ranges.add(new OsvRange(OsvRange.Type.valueOf(r.path("type").asText()),
                            r.has("repo") ? Optional.of(r.get("repo").asText()) : Optional.empty(), events));
                }
                affected.add(new Advisory.Affected(af.path("ecosystem").asText(), af.path("name").asText(),
                        new AffectedEntry(ranges, strings(af.path("versions")))));
            }
            return new Advisory(n.path("id").asText(), strings(n.path("aliases")), n.path("summary").asText(),
                    severities, affected,
                    n.has("modified") ? Optional.of(Instant.parse(n.get("modified").asText())) : Optional.empty(),
                    n.path("source").asText());
        } catch (IOException | RuntimeException e) {
            throw new CairnException(dev.cairn.model.ErrorCode.INVALID_INPUT,
                    "advisory database holds an unreadable record (" + e.getMessage() + "); rebuild it with an import", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
