package dev.cairn.cli;

import dev.cairn.crypto.Signer;
import dev.cairn.sign.BlobSigning;
import dev.cairn.sign.wire.Bundle;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sign-blob", description = "Sign a file; prints the base64 signature and can write a Sigstore bundle.")
final class SignBlobCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Private key: file, env://VAR or pkcs11: URI.")
    String key;

    @Option(names = "--bundle", description = "Write a Sigstore bundle (v0.3) to this file.")
    Path bundle;

    @Option(names = "--output-signature", description = "Write the base64 signature to this file instead of stdout.")
    Path signatureFile;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        byte[] blob = InputFiles.read(file, InputFiles.MAX_BLOB_BYTES, "file");
        try (Signer signer = Keys.signer(key)) {
            Bundle signed = BlobSigning.sign(signer, blob);
            String signature = Json.base64(((Bundle.Content.MessageSignature) signed.content()).signature());
            if (bundle != null) {
                InputFiles.write(bundle, signed.encode(), "bundle");
                spec.commandLine().getErr().println("Wrote bundle to " + bundle);
            }
            if (signatureFile != null) {
                InputFiles.write(signatureFile, signature.getBytes(StandardCharsets.US_ASCII), "signature");
            } else {
                spec.commandLine().getOut().println(signature);
            }
        }
        return 0;
    }
}
