package dev.cairn.cli;

import dev.cairn.crypto.KeyLoader;
import dev.cairn.crypto.KeyReference;
import dev.cairn.crypto.PublicKeys;
import dev.cairn.crypto.Signer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "public-key", description = "Print the public key of a private key (file, env://VAR or pkcs11: URI).")
final class PublicKeyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true)
    String key;

    @Option(names = "--outfile", description = "Write the PEM here instead of stdout.")
    Path outfile;

    @Override
    public Integer call() {
        String pem;
        try (Signer signer = KeyLoader.withSystemEnvironment(Keys.prompt()).signer(KeyReference.parse(key))) {
            pem = PublicKeys.toPem(signer.publicKey());
        }
        if (outfile != null) {
            InputFiles.write(outfile, pem.getBytes(StandardCharsets.US_ASCII), "public key");
        } else {
            spec.commandLine().getOut().print(pem);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
