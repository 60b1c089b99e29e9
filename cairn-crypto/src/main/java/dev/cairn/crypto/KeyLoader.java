package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@link KeyReference} into a {@link Signer} (private side) or a public key / verifier. The
 * environment is injected so tests and the server can control it; secrets come from the prompt.
 */
public final class KeyLoader {
    private final Function<String, Optional<String>> environment;
    private final PasswordPrompt prompt;
    private final Pkcs11Keys pkcs11;

    public KeyLoader(Function<String, Optional<String>> environment, PasswordPrompt prompt) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.pkcs11 = new Pkcs11Keys(environment, prompt);
    }

    /** A loader reading the process environment. */
    public static KeyLoader withSystemEnvironment(PasswordPrompt prompt) {
        return new KeyLoader(name -> Optional.ofNullable(System.getenv(name)), prompt);
    }

    /** A signer for the private key at {@code reference}; close it when done (it may hold a token session). */
    public Signer signer(KeyReference reference) {
        return switch (reference) {
            case KeyReference.File file -> privateKey(KeyFiles.read(file.path()), file.toString());
            case KeyReference.Environment env -> privateKey(variable(env), env.toString());
            case KeyReference.Pkcs11 token -> pkcs11.signer(token.uri());
        };
    }

    /** The public key at {@code reference}: a PEM public key or certificate, or a token's public key object. */
    public PublicKey publicKey(KeyReference reference) {
        return switch (reference) {
            case KeyReference.File file -> PublicKeys.fromPem(KeyFiles.read(file.path()), file.toString());
            case KeyReference.Environment env -> PublicKeys.fromPem(variable(env), env.toString());
            case KeyReference.Pkcs11 token -> pkcs11.publicKey(token.uri());
        };
    }

    public SignatureVerifier verifier(KeyReference reference) {
        return SignatureVerifier.of(publicKey(reference));
    }

    private Signer privateKey(String pem, String source) {
        return PrivateKeys.fromPem(pem, () -> prompt.ask("Enter password for private key " + source), source).signer();
    }

    private String variable(KeyReference.Environment env) {
        return environment.apply(env.variable()).filter(value -> !value.isBlank())
                .orElseThrow(() -> new CairnException(ErrorCode.NOT_FOUND, "environment variable " + env.variable()
                        + " (from " + env + ") is not set or empty"));
    }
}
