package dev.cairn.vuln;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of the vulnerability database: advisories by package. Read-only and safe to share
 * between threads and processes; implementations open their storage read-only.
 */
public interface AdvisoryDb extends AutoCloseable {

    /**
     * Advisories that name {@code name} in an ecosystem. {@code ecosystem} is OSV's base name without
     * a release suffix ({@code Debian}, {@code Alpine}, {@code npm}); distro advisories for every release
     * are returned and the caller filters on the release in {@link Advisory.Affected#ecosystem()}.
     * Names compare as the ecosystem does (PyPI names normalised per PEP 503, others exact).
     */
    List<Advisory> find(String ecosystem, String name);

    /**
     * {@link #find} for many names of one ecosystem at once, cut down to what decides a match: each
     * given name that has advisories, as given, mapped to its advisories' ids and their
     * {@code affected[]} entries for that package; names without any are left out. A scan asks this
     * once per ecosystem, so that a store can answer an SBOM of thousands of packages in a few passes
     * instead of a query per name, and then reads the {@link #headers} of the advisories that match.
     * This default asks {@code find} name by name.
     */
    default Map<String, List<AffectedBy>> findAffected(String ecosystem, Collection<String> names) {
        Map<String, List<AffectedBy>> out = new LinkedHashMap<>();
        for (String name : names) {
            if (!out.containsKey(name)) {
                List<Advisory> found = find(ecosystem, name);
                if (!found.isEmpty()) {
                    out.put(name, found.stream().map(AffectedBy::of).toList());
                }
            }
        }
        return out;
    }

    /**
     * The {@link Advisory#header headers} of the advisories with these ids, by id; ids the database does
     * not hold are left out.
     */
    Map<String, Advisory.Header> headers(Collection<String> ids);

    /** What the database was built from and when. */
    DbStatus status();

    @Override
    default void close() {
    }
}
