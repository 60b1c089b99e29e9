package dev.cairn.cli;

import dev.cairn.crypto.KeyFiles;
import dev.cairn.crypto.SigningKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate-key-pair", description = "Generate an ECDSA P-256 key pair in cosign's encrypted key format.")
final class GenerateKeyPairCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--output-key-prefix", defaultValue = "cosign", description = "Writes PREFIX.key (mode 0600) and PREFIX.pub.")
    String prefix;

    @Option(names = {"-f", "--force"}, description = "Overwrite existing key files.")
    boolean force;

    @Override
    public Integer call() {
        Path privateKey = Path.of(prefix + ".key");
        Path publicKey = Path.of(prefix + ".pub");
        KeyFiles.writeKeyPair(SigningKeyPair.generate(), Keys.newPassword(), privateKey, publicKey,
                force ? KeyFiles.Existing.REPLACE : KeyFiles.Existing.REFUSE);
        spec.commandLine().getErr().println("Private key written to " + privateKey);
        spec.commandLine().getErr().println("Public key written to " + publicKey);
        return 0;
    }
}
