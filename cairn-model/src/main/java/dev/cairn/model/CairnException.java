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
}
