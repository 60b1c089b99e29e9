package dev.cairn.vuln.osv;

import java.util.Objects;
import java.util.Optional;

/** Whether one version is affected by one OSV {@code affected[]} entry. */
public sealed interface RangeVerdict {

    /**
     * The version is affected. {@code fixedIn} is the smallest {@code fixed} version above it in
     * the entry's ranges, empty when no fix is known (or only a {@code last_affected} bound).
     */
    record Affected(Optional<String> fixedIn) implements RangeVerdict {
        public Affected {
            Objects.requireNonNull(fixedIn, "fixedIn");
        }
    }

    record NotAffected() implements RangeVerdict {}

    /**
     * The entry could not be evaluated for this version: the installed version or an event
     * version is not valid in the scheme, or no scheme orders the ecosystem. A gate must not read
     * this as "not affected".
     */
    record Undecidable(String reason) implements RangeVerdict {
        public Undecidable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean isAffected() {
        return this instanceof Affected;
    }
}
