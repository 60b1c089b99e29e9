package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them, and fails the read that reaches the end (or goes past
 * the declared size) when the content is not what the descriptor promised. A consumer that reads
 * to the end therefore never accepts substituted bytes.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long size;
    private final String what;
    private final MessageDigest hash;
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected, long size, String what) {
        super(in);
        if (!expected.algorithm().equals("sha256")) {
            throw new CairnException(dev.cairn.model.ErrorCode.UNSUPPORTED, what + ": only sha256 blobs can be streamed, got " + expected.algorithm());
        }
        this.expected = expected;
        this.size = size;
        this.what = what;
        this.hash = Digest.newSha256();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        count += n;
        if (count > size) {
            throw CairnException.invalid(what + " is larger than its declared size " + size);
        }
        hash.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes unhashed; read them instead
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void verify() {
        if (verified) {
            return;
        }
        if (count != size) {
            throw CairnException.invalid(what + " has " + count + " bytes, its descriptor says " + size);
        }
        Digest actual = new Digest("sha256", java.util.HexFormat.of().formatHex(hash.digest()));
        if (!actual.equals(expected)) {
            throw CairnException.invalid(what + " has digest " + actual + ", expected " + expected);
        }
        verified = true;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads a whole blob into memory, refusing more than {@code maxBytes}. */
    public static byte[] readBounded(InputStream in, long declaredSize, long maxBytes, String what) throws IOException {
        if (declaredSize > maxBytes) {
            throw CairnException.invalid(what + " is " + declaredSize + " bytes; the limit is " + maxBytes);
        }
        byte[] data = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (data.length > maxBytes) {
            throw CairnException.invalid(what + " is larger than the limit of " + maxBytes + " bytes");
        }
        return data;
    }
}
