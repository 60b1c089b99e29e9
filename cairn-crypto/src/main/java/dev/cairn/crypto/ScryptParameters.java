package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;

/**
 * scrypt cost parameters as a cosign key file states them. The file is untrusted input: a hostile one
 * could ask for N = 2^30 and make us allocate 128 GiB or spin for hours before the password is even
 * checked, so {@link #requireAffordable} bounds memory and work before any derivation.
 */
public record ScryptParameters(long n, long r, long p) {
    /** What cosign (go-securesystemslib "Standard") writes: N=2^16, r=8, p=1, about 64 MiB and 0.2 s. */
    public static final ScryptParameters COSIGN_DEFAULT = new ScryptParameters(65536, 8, 1);

    /** Largest N accepted. */
    public static final long MAX_N = 1L << 20;
    /** scrypt needs 128·r·N bytes; 256 MiB allows 4x cosign's default memory. */
    public static final long MAX_MEMORY_BYTES = 256L << 20;
    /** N·r·p is proportional to time; 2^23 is 16x cosign's default, a few seconds at most. */
    public static final long MAX_WORK = 1L << 23;

    /** Throws {@code CairnException(KEY)} unless these parameters are valid and within our bounds. */
    ScryptParameters requireAffordable(String source) {
        if (n < 2 || (n & (n - 1)) != 0) {
            throw refuse(source, "N must be a power of two greater than 1");
        }
        if (r < 1 || p < 1) {
            throw refuse(source, "r and p must be positive");
        }
        if (n > MAX_N) {
            throw refuse(source, "N=" + n + " exceeds the limit of 2^20");
        }
        if (r > MAX_WORK || p > MAX_WORK || 128 * r * n > MAX_MEMORY_BYTES) {
            throw refuse(source, "N=" + n + ", r=" + r + " would need more than 256 MiB of memory");
        }
        if (n * r * p > MAX_WORK) {
            throw refuse(source, "N·r·p=" + n * r * p + " exceeds the work limit of 2^23");
        }
        return this;
    }

    private CairnException refuse(String source, String why) {
        return new CairnException(ErrorCode.KEY, "refusing key file " + source + ": scrypt parameters N=" + n
                + ", r=" + r + ", p=" + p + " are not acceptable: " + why);
    }
}
