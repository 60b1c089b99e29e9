package dev.cairn.vuln.osv;

import dev.cairn.model.CairnException;
import java.util.Objects;

/**
 * One entry of an OSV range's {@code events}: exactly one of {@code introduced}, {@code fixed},
 * {@code last_affected} or {@code limit}, with its version string as the record wrote it.
 */
public record OsvEvent(Kind kind, String version) {

    public enum Kind {
        INTRODUCED, FIXED, LAST_AFFECTED, LIMIT
    }

    /** {@code introduced: "0"} means "before every version". */
    public static final String ZERO = "0";
    /** A {@code limit} containing {@code *} means "no limit". */
    public static final String INFINITY = "*";

    public OsvEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        if (version.isEmpty()) {
            throw CairnException.invalid("OSV " + kind.name().toLowerCase() + " event has an empty version");
        }
    }

    public static OsvEvent introduced(String v) {
        return new OsvEvent(Kind.INTRODUCED, v);
    }

    public static OsvEvent fixed(String v) {
        return new OsvEvent(Kind.FIXED, v);
    }

    public static OsvEvent lastAffected(String v) {
        return new OsvEvent(Kind.LAST_AFFECTED, v);
    }

    public static OsvEvent limit(String v) {
        return new OsvEvent(Kind.LIMIT, v);
    }

    boolean isIntroducedZero() {
        return kind == Kind.INTRODUCED && version.equals(ZERO);
    }

    boolean isUnlimited() {
        return kind == Kind.LIMIT && version.contains(INFINITY);
    }
}
