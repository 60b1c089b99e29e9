package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a key lives, as cosign's {@code --key} names it: a file path, {@code env://VAR} (the PEM text in
 * an environment variable) or a {@code pkcs11:} URI. KMS schemes cosign knows are recognised and refused
 * with a clear message instead of being mistaken for file names.
 */
public sealed interface KeyReference {

    record File(Path path) implements KeyReference {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    record Environment(String variable) implements KeyReference {
        public Environment {
            Objects.requireNonNull(variable, "variable");
            if (!VARIABLE.matcher(variable).matches()) {
                throw new CairnException(ErrorCode.INVALID_INPUT, "env://" + variable
                        + " does not name an environment variable");
            }
        }

        @Override
        public String toString() {
            return "env://" + variable;
        }
    }

    record Pkcs11(Pkcs11Uri uri) implements KeyReference {
        public Pkcs11 {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    Pattern KMS = Pattern.compile("(awskms|gcpkms|azurekms|hashivault|k8s|gitlab|github)://.*", Pattern.DOTALL);

    static KeyReference parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new CairnException(ErrorCode.INVALID_INPUT, "empty key reference");
        }
        if (reference.startsWith("env://")) {
            return new Environment(reference.substring("env://".length()));
        }
        if (reference.toLowerCase(Locale.ROOT).startsWith("pkcs11:")) {
            return new Pkcs11(Pkcs11Uri.parse(reference));
        }
        if (KMS.matcher(reference).matches()) {
            throw new CairnException(ErrorCode.UNSUPPORTED, "key reference " + reference.substring(0, reference.indexOf(':'))
                    + "://… is a KMS key, which Cairn does not support yet: use a key file, env:// or pkcs11:");
        }
        try {
            return new File(Path.of(reference));
        } catch (InvalidPathException e) {
            throw new CairnException(ErrorCode.INVALID_INPUT, "key reference '" + reference + "' is not a valid path", e);
        }
    }
}
