package dev.cairn.vuln.scan;

import java.util.Objects;

/** Why a package matched an advisory. */
public sealed interface MatchReason {

    /** The advisory names the package itself. */
    record Direct() implements MatchReason {}

    /** The advisory names the package's source package (distro advisories are published per source). */
    record ViaSourcePackage(String sourceName, String sourceVersion) implements MatchReason {
        public ViaSourcePackage {
            Objects.requireNonNull(sourceName, "sourceName");
            Objects.requireNonNull(sourceVersion, "sourceVersion");
        }
    }

    /** {@code DIRECT} or {@code VIA_SOURCE_PACKAGE}. */
    default String kind() {
        return this instanceof Direct ? "DIRECT" : "VIA_SOURCE_PACKAGE";
    }
}
