package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.oci.registry.DockerLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "login", description = "Store registry credentials in the Docker config (~/.docker/config.json).")
final class LoginCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-u", "--username"}, required = true)
    String username;

    @Option(names = {"-p", "--password"}, description = "Password (prefer --password-stdin: command lines are visible to other users).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--docker-config", description = "Config file to write (default ~/.docker/config.json).")
    Path dockerConfig;

    @Parameters(paramLabel = "REGISTRY")
    String registry;

    @Override
    public Integer call() throws IOException {
        String secret = password;
        if (passwordStdin) {
            secret = new String(System.in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
        }
        if (secret == null || secret.isEmpty()) {
            throw CairnException.invalid("no password: give --password-stdin or -p");
        }
        Path config = dockerConfig != null ? dockerConfig : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        DockerLogin.login(config, registry, username, secret);
        spec.commandLine().getErr().println("Login credentials for " + registry + " written to " + config);
        return 0;
    }
}
