package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * An image reference parsed the way go-containerregistry's {@code name.ParseReference} (weak
 * validation) parses it, because policy-controller matches its globs against the name that library
 * prints, and that name differs from Docker's and Cairn's {@link dev.cairn.model.ImageRef}:
 * <ul>
 *   <li>the first path component is a registry only if it contains {@code .} or {@code :}
 *       ({@code localhost/app} is a Docker Hub repository here);</li>
 *   <li>the Docker Hub registry is {@code index.docker.io} ({@code docker.io} is rewritten to it;
 *       {@code registry-1.docker.io} is not), and its one-component repositories get {@code library/};</li>
 *   <li>a reference with a digest drops its tag: {@code nginx:1.25@sha256:…} is named
 *       {@code index.docker.io/library/nginx@sha256:…}.</li>
 * </ul>
 *
 * @param repository {@code registry/repository}, normalised
 * @param tag        the tag as written (absent for digest references and untagged names)
 * @param digest     the digest, for digest references
 */
public record GgcrName(String repository, Optional<String> tag, Optional<String> digest) {
    static final String DOCKER_HUB = "index.docker.io";
    private static final int MAX_LENGTH = 1024;
    private static final String REPOSITORY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-./";

    /** Parses {@code image}; a malformed reference is a one-line {@code invalid} error. */
    public static GgcrName parse(String image) {
        if (image.isEmpty() || image.length() > MAX_LENGTH) {
            throw bad(image, "empty or longer than " + MAX_LENGTH + " characters");
        }
        if (image.contains("@")) {
            String[] parts = image.split("@", -1);
            if (parts.length != 2) {
                throw bad(image, "a digest reference has exactly one '@'");
            }
            String digest = parts[1];
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                throw bad(image, "the digest is not sha256:<64 hex digits>");
            }
            // ggcr parses the part before '@' as a tag reference when it can and keeps only its repository
            GgcrName base = parseTagged(parts[0], image);
            return new GgcrName(base.repository, Optional.empty(), Optional.of(digest));
        }
        return parseTagged(image, image);
    }

    private static GgcrName parseTagged(String text, String image) {
        String base = text;
        Optional<String> tag = Optional.empty();
        int colon = text.lastIndexOf(':');
        if (colon >= 0 && text.indexOf('/', colon) < 0) {
            base = text.substring(0, colon);
            String t = text.substring(colon + 1);
            if (t.isEmpty() || t.length() > 127 || !t.matches("[A-Za-z0-9_.-]+")) {
                throw bad(image, "invalid tag '" + shorten(t) + "'");
            }
            tag = Optional.of(t);
        }
        return new GgcrName(repository(base, image), tag, Optional.empty());
    }

    private static String repository(String name, String image) {
        String registry = "";
        String repo = name;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":")) {
                registry = first;
                repo = name.substring(slash + 1);
            }
        }
        checkRepository(repo, image);
        if (!validAuthority(registry)) {
            throw bad(image, "registry '" + shorten(registry) + "' is not a valid host[:port]");
        }
        if (registry.isEmpty() || registry.equals("docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repo.contains("/")) {
            repo = "library/" + repo;
            checkRepository(repo, image);
        }
        return registry + "/" + repo;
    }

    private static void checkRepository(String repo, String image) {
        if (repo.length() < 2 || repo.length() > 255) {
            throw bad(image, "a repository name has 2 to 255 characters");
        }
        for (int i = 0; i < repo.length(); i++) {
            if (REPOSITORY_CHARS.indexOf(repo.charAt(i)) < 0) {
                throw bad(image, "repository must be lowercase letters, digits and _-./");
            }
        }
    }

    /** ggcr accepts a registry when {@code //registry} parses as a URI whose authority is exactly it. */
    private static boolean validAuthority(String registry) {
        if (registry.isEmpty()) {
            return true;
        }
        try {
            URI uri = new URI("//" + registry);
            return registry.equals(uri.getRawAuthority()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** What {@code ref.Name()} prints: {@code repository@digest}, or {@code repository:tag} ({@code latest} when untagged). */
    public String name() {
        return digest.map(d -> repository + "@" + d).orElseGet(() -> repository + ":" + tag.orElse("latest"));
    }

    /** policy-controller's digest pin for a tag reference: {@code repository:tag@digest}, keeping the tag. */
    public String pinned(Digest resolved) {
        return repository + ":" + tag.orElse("latest") + "@" + resolved;
    }

    public boolean isDigest() {
        return digest.isPresent();
    }

    private static CairnException bad(String image, String why) {
        return CairnException.invalid("invalid image reference '" + shorten(image) + "': " + why);
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
