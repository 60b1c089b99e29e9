package dev.cairn.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes credentials into Docker's config.json the way {@code docker login} does
 * ({@code auths.<host>.auth} = base64 user:password), keeping every other key. The file holds
 * secrets, so it is created 0600 (and its directory 0700) before any byte is written, and
 * replaced atomically so a crash never leaves half a config.
 */
public final class DockerLogin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerLogin() {
    }

    public static void login(Path configFile, String registry, String username, String password) {
        if (registry.isBlank() || registry.contains("/") || username.isEmpty()) {
            throw CairnException.invalid("login needs a registry host[:port] and a username, got '" + registry + "'");
        }
        DockerConfig existing = DockerConfig.load(configFile);
        ObjectNode root = ((ObjectNode) existing.root()).deepCopy();
        JsonNode auths = root.get("auths");
        ObjectNode authsObject = auths instanceof ObjectNode o ? o : root.putObject("auths");
        String key = registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
        ObjectNode entry = authsObject.putObject(key);
        entry.put("auth", Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        write(configFile, root);
    }

    private static void write(Path file, JsonNode root) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CairnException.io("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing secret is left behind that was not already in the target
            }
        }
    }
}
