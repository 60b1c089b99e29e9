package dev.cairn.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.oci.Limits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from Docker's {@code config.json}: {@code auths.<host>.auth} (base64 user:password)
 * or {@code username}/{@code password}. Credential helpers ({@code credsStore}, {@code credHelpers})
 * are not run, since that means executing programs named by a file; {@link #helperNote} says so
 * in the error a user sees when a registry then refuses us.
 */
public final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode root;
    private final Path path;

    private DockerConfig(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultPath() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return base.resolve("config.json");
    }

    public static DockerConfig load(Path path) {
        try {
            if (Files.size(path) > Limits.MAX_SMALL_DOCUMENT_BYTES) {
                throw CairnException.invalid(path + " is larger than " + Limits.MAX_SMALL_DOCUMENT_BYTES + " bytes");
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(path));
            return new DockerConfig(path, root == null || !root.isObject() ? JSON.createObjectNode() : root);
        } catch (NoSuchFileException e) {
            return new DockerConfig(path, JSON.createObjectNode());
        } catch (IOException e) {
            throw CairnException.invalid("cannot read docker config " + path + ": " + e.getMessage());
        }
    }

    /** The credentials for {@code registry} (a host[:port]), anonymous when there are none. */
    public Credentials credentialsFor(String registry) {
        JsonNode auths = root.path("auths");
        for (String key : keysFor(registry)) {
            JsonNode entry = auths.get(key);
            if (entry == null || !entry.isObject()) {
                continue;
            }
            String auth = entry.path("auth").asText("");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw CairnException.invalid(path + ": auths." + key + ".auth is not base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw CairnException.invalid(path + ": auths." + key + ".auth is not base64 of user:password");
                }
                return new Credentials.Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
            String user = entry.path("username").asText("");
            if (!user.isEmpty()) {
                return new Credentials.Basic(user, entry.path("password").asText(""));
            }
        }
        return Credentials.anonymous();
    }

    /** A sentence for auth errors when credentials would have come from a helper we do not run. */
    public Optional<String> helperNote(String registry) {
        JsonNode helper = root.path("credHelpers").get(registry);
        if (helper != null && helper.isTextual()) {
            return Optional.of("credential helper '" + helper.asText() + "' configured for " + registry + " in " + path
                    + " is not supported; run cairn login " + registry);
        }
        if (root.path("credsStore").isTextual()) {
            return Optional.of("credsStore '" + root.path("credsStore").asText() + "' in " + path
                    + " is not supported; run cairn login " + registry);
        }
        return Optional.empty();
    }

    static List<String> keysFor(String registry) {
        if (registry.equals("docker.io")) {
            return List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io", "https://docker.io", "registry-1.docker.io");
        }
        return List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/", "https://" + registry + "/v2/");
    }

    JsonNode root() {
        return root;
    }
}
