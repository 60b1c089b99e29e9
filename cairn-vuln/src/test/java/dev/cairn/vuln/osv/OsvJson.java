package dev.cairn.vuln.osv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Test-side reader: an OSV JSON record to the evaluator's records, keeping each entry's package. */
final class OsvJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Package(String ecosystem, String name) {
        /** PyPI names compare normalised (PEP 503); others exactly. */
        boolean names(String eco, String n) {
            if (!ecosystem.equals(eco)) {
                return false;
            }
            return eco.equals("PyPI") ? pep503(name).equals(pep503(n)) : name.equals(n);
        }

        private static String pep503(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        }
    }

    record Entry(Package pkg, AffectedEntry affected) {}

    record Record(String id, List<Entry> entries) {}

    static Record read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        List<Entry> entries = new ArrayList<>();
        for (JsonNode a : root.path("affected")) {
            Package pkg = new Package(a.path("package").path("ecosystem").asText(), a.path("package").path("name").asText());
            List<OsvRange> ranges = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                Optional<OsvRange.Type> type = OsvRange.Type.of(r.path("type").asText());
                if (type.isEmpty()) {
                    continue;
                }
                List<OsvEvent> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) e::fields) {
                        OsvEvent.Kind kind = switch (f.getKey()) {
                            case "introduced" -> OsvEvent.Kind.INTRODUCED;
                            case "fixed" -> OsvEvent.Kind.FIXED;
                            case "last_affected" -> OsvEvent.Kind.LAST_AFFECTED;
                            case "limit" -> OsvEvent.Kind.LIMIT;
                            default -> throw new IllegalArgumentException(f.getKey());
                        };
                        events.add(new OsvEvent(kind, f.getValue().asText()));
                    }
                }
                ranges.add(new OsvRange(type.get(),
                        r.hasNonNull("repo") ? Optional.of(r.get("repo").asText()) : Optional.empty(), events));
            }
            List<String> versions = new ArrayList<>();
            a.path("versions").forEach(v -> versions.add(v.asText()));
            entries.add(new Entry(pkg, new AffectedEntry(ranges, versions)));
        }
        return new Record(root.path("id").asText(), entries);
    }
}
