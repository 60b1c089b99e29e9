package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.sign.BlobSigning;
import dev.cairn.sign.wire.Bundle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify-blob", description = "Verify a file's signature (a Sigstore bundle or a bare signature) against a public key.")
final class VerifyBlobCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Public key: file, env://VAR or pkcs11: URI.")
    String key;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--bundle", description = "Sigstore bundle made by sign-blob (cairn or cosign).")
        Path bundle;

        @Option(names = "--signature", description = "File with the base64 signature.")
        Path signature;
    }

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        byte[] blob = InputFiles.read(file, InputFiles.MAX_BLOB_BYTES, "file");
        var verifier = Keys.verifier(key);
        Optional<String> failure;
        if (source.bundle != null) {
            failure = BlobSigning.verify(verifier, Bundle.decode(InputFiles.read(source.bundle, InputFiles.MAX_DOCUMENT_BYTES, "bundle")), blob);
        } else {
            String text = new String(InputFiles.read(source.signature, InputFiles.MAX_DOCUMENT_BYTES, "signature"), StandardCharsets.US_ASCII).strip();
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw CairnException.invalid("signature file " + source.signature + " is not base64");
            }
            failure = BlobSigning.verifySignature(verifier, signature, blob);
        }
        if (failure.isPresent()) {
            spec.commandLine().getErr().println("cairn: verification failed: " + file + ": " + failure.get());
            return Main.CHECK_FAILED;
        }
        spec.commandLine().getErr().println("Verified OK");
        return 0;
    }
}
