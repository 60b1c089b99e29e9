package dev.cairn.vuln.source;

/** A record that cannot be used: a reason category and the specifics. Internal to the parsers. */
final class InvalidRecord extends Exception {
    private final String reason;

    InvalidRecord(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
