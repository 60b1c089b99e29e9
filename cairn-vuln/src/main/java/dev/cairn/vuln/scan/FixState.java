package dev.cairn.vuln.scan;

/** Whether a fix is published for a finding. */
public enum FixState {
    /** A fixed version above the installed one is known. */
    FIXED,
    /** The advisory affects the version and names no fix (open range or {@code last_affected} only). */
    NOT_FIXED,
    /** The range could not be evaluated for this version (see {@link Finding#undecidable()}). */
    UNKNOWN;

    /** {@code fixed}, {@code not-fixed}, {@code unknown}: the spelling in reports and ignore files. */
    public String label() {
        return switch (this) {
            case FIXED -> "fixed";
            case NOT_FIXED -> "not-fixed";
            case UNKNOWN -> "unknown";
        };
    }

    public static java.util.Optional<FixState> parse(String s) {
        for (FixState f : values()) {
            if (f.label().equalsIgnoreCase(s) || f.name().equalsIgnoreCase(s)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
