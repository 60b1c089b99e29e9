package dev.cairn.crypto;

/**
 * Supplies a secret when a key needs one: the password of an encrypted key file or a token's PIN. The
 * CLI answers from {@code COSIGN_PASSWORD} or a terminal prompt; the array is zeroed after use.
 */
@FunctionalInterface
public interface PasswordPrompt {
    /** The secret for {@code prompt} (e.g. "Enter password for private key cosign.key"). */
    char[] ask(String prompt);

    /** Always answers {@code password} (a fresh copy each time, since callers zero what they get). */
    static PasswordPrompt fixed(char[] password) {
        char[] copy = password.clone();
        return prompt -> copy.clone();
    }
}
