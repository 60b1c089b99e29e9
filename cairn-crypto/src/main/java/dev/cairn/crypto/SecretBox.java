package dev.cairn.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl {@code crypto_secretbox} (XSalsa20-Poly1305), the cipher of cosign's key files. Bouncy Castle has
 * the two primitives but not their NaCl composition: the first 32 bytes of the XSalsa20 keystream are the
 * one-time Poly1305 key, the message is encrypted with the keystream from byte 32 on, and the box is the
 * 16-byte tag followed by the ciphertext.
 */
final class SecretBox {
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 24;
    static final int TAG_LENGTH = 16;

    private SecretBox() {
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
        XSalsa20Engine stream = keystream(key, nonce);
        byte[] macKey = oneTimeMacKey(stream);
        byte[] box = new byte[TAG_LENGTH + plaintext.length];
        stream.processBytes(plaintext, 0, plaintext.length, box, TAG_LENGTH);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(box, TAG_LENGTH, plaintext.length);
        mac.doFinal(box, 0);
        Arrays.fill(macKey, (byte) 0);
        return box;
    }

    /** The plaintext, or empty when the box was not sealed with this key and nonce (or was altered). */
    static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] box) {
        if (box.length < TAG_LENGTH) {
            return Optional.empty();
        }
        XSalsa20Engine stream = keystream(key, nonce);
        byte[] macKey = oneTimeMacKey(stream);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(box, TAG_LENGTH, box.length - TAG_LENGTH);
        byte[] expected = new byte[TAG_LENGTH];
        mac.doFinal(expected, 0);
        Arrays.fill(macKey, (byte) 0);
        // Authenticate before decrypting, in constant time, so nothing about a forged box leaks.
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(box, 0, TAG_LENGTH))) {
            return Optional.empty();
        }
        byte[] plaintext = new byte[box.length - TAG_LENGTH];
        stream.processBytes(box, TAG_LENGTH, plaintext.length, plaintext, 0);
        return Optional.of(plaintext);
    }

    private static XSalsa20Engine keystream(byte[] key, byte[] nonce) {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
        }
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    private static byte[] oneTimeMacKey(XSalsa20Engine stream) {
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        return macKey;
    }
}
