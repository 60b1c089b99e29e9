package dev.cairn.cli;

import dev.cairn.crypto.KeyFiles;
import dev.cairn.crypto.PrivateKeys;
import dev.cairn.crypto.SigningKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import-key-pair", description = "Import a PEM private key (PKCS#8, EC, RSA, Ed25519) into cosign's encrypted format.")
final class ImportKeyPairCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-k", "--key"}, required = true, description = "PEM private key to import.")
    Path key;

    @Option(names = "--output-key-prefix", defaultValue = "import-cosign", description = "Writes PREFIX.key (mode 0600) and PREFIX.pub.")
    String prefix;

    @Option(names = {"-f", "--force"}, description = "Overwrite existing key files.")
    boolean force;

    @Override
    public Integer call() {
        SigningKeyPair pair = PrivateKeys.fromPem(KeyFiles.read(key), () -> Keys.prompt().ask("Enter password for " + key), key.toString());
        Path privateKey = Path.of(prefix + ".key");
        Path publicKey = Path.of(prefix + ".pub");
        KeyFiles.writeKeyPair(pair, Keys.newPassword(), privateKey, publicKey, force ? KeyFiles.Existing.REPLACE : KeyFiles.Existing.REFUSE);
        spec.commandLine().getErr().println("Imported " + pair.algorithm() + " key: private key written to " + privateKey + ", public key to " + publicKey);
        return 0;
    }
}
