package dev.cairn.model;

import java.util.Objects;

/**
 * The one unchecked failure type. Its message is a single line a user can act on; expected
 * outcomes (no signature, verification failed) are results, not exceptions.
 */
public class CairnException extends RuntimeException {
    private final ErrorCode code;

    public CairnException(ErrorCode code, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    public CairnException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static CairnException invalid(String message) {
        return new CairnException(ErrorCode.INVALID_INPUT, message);
    }

    public static CairnException notFound(String message) {
        return new CairnException(ErrorCode.NOT_FOUND, message);
    }

    public static CairnException io(String message, Throwable cause) {
        return new CairnException(ErrorCode.IO, message, cause);
    }

    /**
     * User input made safe to quote in a one-line message: cut to 80 characters, and control
     * characters (newlines, terminal escapes) written as {@code \n} or {@code \u001b}.
     */
    static String quotable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
