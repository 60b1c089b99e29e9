package dev.cairn.model;

/**
 * Stable failure categories. The CLI maps each to a documented exit code, so scripts can tell
 * "the tool failed" from "the check failed" (which is a result, never an exception).
 */
public enum ErrorCode {
    /** Malformed or out-of-bounds input: a reference, manifest, bundle, key file or flag value. */
    INVALID_INPUT(3),
    /** A key could not be read, decrypted or used (wrong password, truncated file, token error). */
    KEY(4),
    /** The registry, a file or the network failed us (I/O, HTTP 5xx after retries, auth refused). */
    IO(5),
    /** The image, tag, blob or file named does not exist. */
    NOT_FOUND(6),
    /** The operation is not possible on this kind of store (e.g. writing to a docker-archive). */
    UNSUPPORTED(7),
    /** A bug: an invariant did not hold. */
    INTERNAL(70);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
