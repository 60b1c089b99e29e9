package dev.cairn.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry image reference, normalised the way Docker, cosign and Kyverno normalise it:
 * {@code alpine} is {@code docker.io/library/alpine:latest}. Carries a tag, a digest, or both.
 */
public record ImageRef(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final int MAX_LENGTH = 1024;
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (!HOST.matcher(registry).matches()) {
            throw CairnException.invalid("invalid registry host '" + shorten(registry) + "'");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw CairnException.invalid("invalid repository '" + shorten(repository) + "': components must be lowercase letters, digits and separators");
            }
        }
        tag.ifPresent(t -> {
            if (!TAG.matcher(t).matches()) {
                throw CairnException.invalid("invalid tag '" + shorten(t) + "'");
            }
        });
    }

    /** Parses {@code [registry/]repository[:tag][@digest]}; a reference with neither gets {@code latest}. */
    public static ImageRef parse(String text) {
        Objects.requireNonNull(text, "reference");
        if (text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw CairnException.invalid("invalid image reference '" + shorten(text) + "'");
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                repository = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (repository.isEmpty()) {
            throw CairnException.invalid("invalid image reference '" + shorten(text) + "': no repository");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageRef(registry, repository, tag, digest);
    }

    /** {@code registry/repository}, the name cosign puts in a signature's docker-reference. */
    public String context() {
        return registry + "/" + repository;
    }

    public ImageRef withDigest(Digest d) {
        return new ImageRef(registry, repository, Optional.empty(), Optional.of(d));
    }

    public ImageRef withTag(String t) {
        return new ImageRef(registry, repository, Optional.of(t), Optional.empty());
    }

    /** The tag or digest to ask a registry for; the digest wins when both are given. */
    public String reference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    @Override
    public String toString() {
        return context() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    private static String shorten(String s) {
        return CairnException.quotable(s);
    }
}
