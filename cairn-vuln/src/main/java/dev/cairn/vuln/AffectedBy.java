package dev.cairn.vuln;

import java.util.List;
import java.util.Objects;

/**
 * The {@code affected[]} entries of one advisory that name one package (in the advisory's order):
 * all a scan needs to decide whether the advisory applies to the package. The rest of the record
 * (aliases, severity, summary) is read only for the advisories that do apply.
 */
public record AffectedBy(String advisoryId, List<Advisory.Affected> affected) {
    public AffectedBy {
        Objects.requireNonNull(advisoryId, "advisoryId");
        affected = List.copyOf(affected);
    }

    /** The whole of {@code a}'s entries (the matcher filters them by package). */
    public static AffectedBy of(Advisory a) {
        return new AffectedBy(a.id(), a.affected());
    }
}
