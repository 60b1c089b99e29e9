package dev.cairn.vuln;

import java.util.List;

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

    /** What the database was built from and when. */
    DbStatus status();

    @Override
    default void close() {
    }
}
