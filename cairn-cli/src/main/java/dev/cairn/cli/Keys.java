package dev.cairn.cli;

import dev.cairn.crypto.KeyLoader;
import dev.cairn.crypto.KeyReference;
import dev.cairn.crypto.PasswordPrompt;
import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.Signer;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;

import java.io.Console;

/** Key loading for commands: {@code --key} references and passwords as cosign takes them. */
final class Keys {
    private Keys() {
    }

    /** The password from {@code COSIGN_PASSWORD} (may be empty), else a terminal prompt. */
    static PasswordPrompt prompt() {
        return message -> {
            String env = System.getenv("COSIGN_PASSWORD");
            if (env != null) {
                return env.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new CairnException(ErrorCode.KEY, "a password is needed (" + message + "): set COSIGN_PASSWORD or run in a terminal");
            }
            char[] answer = console.readPassword("%s: ", message);
            if (answer == null) {
                throw new CairnException(ErrorCode.KEY, "no password entered");
            }
            return answer;
        };
    }

    static Signer signer(String key) {
        return KeyLoader.withSystemEnvironment(prompt()).signer(KeyReference.parse(key));
    }

    static SignatureVerifier verifier(String key) {
        return KeyLoader.withSystemEnvironment(prompt()).verifier(KeyReference.parse(key));
    }

    /** A new password, asked twice on a terminal. */
    static char[] newPassword() {
        String env = System.getenv("COSIGN_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new CairnException(ErrorCode.KEY, "a password for the new private key is needed: set COSIGN_PASSWORD or run in a terminal");
        }
        char[] first = console.readPassword("Enter password for private key: ");
        char[] second = console.readPassword("Enter password for private key again: ");
        if (first == null || !java.util.Arrays.equals(first, second)) {
            throw new CairnException(ErrorCode.KEY, "passwords do not match");
        }
        return first;
    }
}
