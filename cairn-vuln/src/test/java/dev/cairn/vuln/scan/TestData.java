package dev.cairn.vuln.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.format.SbomReader;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Test-side loading of the real OSV records and trivy SBOMs in ../shared. */
public final class TestData {
    public static final Path SHARED = Path.of(System.getProperty("cairn.shared", "../../shared"));
    public static final Path VULNDATA = SHARED.resolve("vulndata");
    public static final Path PEER_SBOMS = SHARED.resolve("fixtures/images/peer-sboms");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestData() {}

    /** One OSV JSON record as an {@link Advisory}; {@code database_specific.severity} becomes a {@code GHSA} rating. */
    public static Advisory osv(Path file) {
        try {
            return osv(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Advisory osv(JsonNode root) {
        List<Advisory.Affected> affected = new ArrayList<>();
        for (JsonNode a : root.path("affected")) {
            List<OsvRange> ranges = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                Optional<OsvRange.Type> type = OsvRange.Type.of(r.path("type").asText());
                if (type.isEmpty()) {
                    continue;
                }
                List<OsvEvent> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    for (Map.Entry<String, JsonNode> f : e.properties()) {
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
                ranges.add(new OsvRange(type.get(), events));
            }
            List<String> versions = new ArrayList<>();
            a.path("versions").forEach(v -> versions.add(v.asText()));
            affected.add(new Advisory.Affected(a.path("package").path("ecosystem").asText(),
                    a.path("package").path("name").asText(), new AffectedEntry(ranges, versions)));
        }
        List<Advisory.Severity> severities = new ArrayList<>();
        root.path("severity").forEach(s -> severities.add(new Advisory.Severity(s.path("type").asText(), s.path("score").asText())));
        String word = root.path("database_specific").path("severity").asText("");
        if (!word.isEmpty()) {
            severities.add(new Advisory.Severity("GHSA", word));
        }
        List<String> aliases = new ArrayList<>();
        root.path("aliases").forEach(a -> aliases.add(a.asText()));
        Optional<Instant> modified = root.hasNonNull("modified") ? Optional.of(Instant.parse(root.get("modified").asText())) : Optional.empty();
        return new Advisory(root.path("id").asText(), aliases, root.path("summary").asText(""), severities, affected, modified, "osv");
    }

    public static List<Advisory> dir(String name) {
        try (Stream<Path> files = Files.list(VULNDATA.resolve(name))) {
            return files.filter(p -> p.getFileName().toString().startsWith("GHSA-")).sorted().map(TestData::osv).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of osv-ghsa and the negative controls of osv-ghsa-negative. */
    public static InMemoryAdvisoryDb ghsaDb() {
        List<Advisory> all = new ArrayList<>(dir("osv-ghsa"));
        all.addAll(dir("osv-ghsa-negative"));
        return new InMemoryAdvisoryDb(all);
    }

    public static Sbom peerSbom(String file) {
        try (InputStream in = Files.newInputStream(PEER_SBOMS.resolve(file))) {
            return SbomReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Sbom app1() {
        return peerSbom("trivy.app-1.oci-layout.cdx.json");
    }

    public static Sbom app2() {
        return peerSbom("trivy.app-2.docker-archive.cdx.json");
    }
}
