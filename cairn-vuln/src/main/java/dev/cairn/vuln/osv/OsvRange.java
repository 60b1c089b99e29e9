package dev.cairn.vuln.osv;

import dev.cairn.model.CairnException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of an OSV {@code affected[].ranges}: its type, the repository for {@code GIT}
 * ranges, and its events in record order (the evaluator sorts them).
 */
public record OsvRange(Type type, Optional<String> repo, List<OsvEvent> events) {

    /** Events per range a record may carry; real records have a few dozen at most. */
    public static final int MAX_EVENTS = 1_000;

    public enum Type {
        /** Versions ordered by SemVer 2.0, whatever the ecosystem. */
        SEMVER,
        /** Versions ordered by the ecosystem's own scheme. */
        ECOSYSTEM,
        /** Commit hashes; needs the repository's history, so it never matches a release version. */
        GIT;

        /** The type for an OSV {@code type} string, or empty for a type this version of Cairn does not know. */
        public static Optional<Type> of(String osvType) {
            for (Type t : values()) {
                if (t.name().equals(osvType)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public OsvRange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(events, "events");
        if (events.size() > MAX_EVENTS) {
            throw CairnException.invalid(
                    "OSV range has " + events.size() + " events; at most " + MAX_EVENTS + " are accepted");
        }
        events = List.copyOf(events);
    }

    public OsvRange(Type type, List<OsvEvent> events) {
        this(type, Optional.empty(), events);
    }
}
