package dev.cairn.sbom.format;

import dev.cairn.model.CairnException;

import java.util.List;
import java.util.Objects;

/** The output formats by id. */
public final class SbomFormats {
    private static final List<SbomWriter> WRITERS = List.of(
            CycloneDxWriter.json(), CycloneDxWriter.xml(), new SpdxJsonWriter(), new TableWriter());

    private SbomFormats() {
    }

    /** Every format id, in the order help text lists them. */
    public static List<String> ids() {
        return WRITERS.stream().map(SbomWriter::id).toList();
    }

    /** The writer for {@code id}; an unknown id is an invalid-input error naming the valid ones. */
    public static SbomWriter byId(String id) {
        Objects.requireNonNull(id, "id");
        for (SbomWriter w : WRITERS) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        throw CairnException.invalid("unknown SBOM format '" + Text.quotable(id) + "': valid formats are " + String.join(", ", ids()));
    }
}
