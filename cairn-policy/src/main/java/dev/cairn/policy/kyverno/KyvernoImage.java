package dev.cairn.policy.kyverno;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ImageRef;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as Kyverno's engine sees it ({@code pkg/utils/image} ImageInfo with the default
 * configuration: default registry {@code docker.io}, registry mutation on). The string that
 * {@code imageReferences} patterns are matched against is {@link #toString()}:
 * <ul>
 *   <li>{@code nginx} and {@code nginx:1.27} become {@code docker.io/nginx:latest} and
 *       {@code docker.io/nginx:1.27} — Kyverno adds the registry but NOT {@code library/}, so a pattern
 *       {@code docker.io/library/nginx*} does not match a pod that says {@code nginx};</li>
 *   <li>a first path component without {@code .} or {@code :} that is not {@code localhost} (and is
 *       lowercase) is a Docker Hub namespace: {@code org/app} is {@code docker.io/org/app:latest};</li>
 *   <li>a reference with a digest is matched as {@code registry/path@digest} — its tag is dropped,
 *       so {@code app:v1@sha256:…} does not match {@code app:v1*}.</li>
 * </ul>
 */
public record KyvernoImage(String registry, String path, Optional<String> tag, Optional<String> digest) {
    private static final String DEFAULT_REGISTRY = "docker.io";
    private static final int MAX_NAME = 255;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}");

    public KyvernoImage {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses an image field of a pod spec the way Kyverno does; a reference Kyverno rejects is refused. */
    public static KyvernoImage parse(String image) {
        Objects.requireNonNull(image, "image");
        if (image.length() > 1024) {
            throw CairnException.invalid("bad image: reference is " + image.length() + " characters");
        }
        String full = withDefaultRegistry(image);
        String rest = full;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                throw bad(image, "invalid digest");
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                throw bad(image, "invalid tag");
            }
        }
        if (rest.length() > MAX_NAME) {
            throw bad(image, "repository name longer than " + MAX_NAME + " characters");
        }
        int slash = rest.indexOf('/');
        String registry = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        if (!DOMAIN.matcher(registry).matches()) {
            throw bad(image, "invalid registry");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw bad(image, "invalid reference format");
            }
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new KyvernoImage(registry, path, tag, digest);
    }

    /** Kyverno's addDefaultRegistry: always prefix {@code docker.io/} unless the first component names a registry. */
    private static String withDefaultRegistry(String name) {
        int i = name.indexOf('/');
        if (i == -1) {
            return DEFAULT_REGISTRY + "/" + name;
        }
        String first = name.substring(0, i);
        boolean looksLikeHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (!looksLikeHost && first.toLowerCase(java.util.Locale.ROOT).equals(first)) {
            return DEFAULT_REGISTRY + "/" + name;
        }
        return name;
    }

    private static CairnException bad(String image, String why) {
        return CairnException.invalid("bad image: " + quote(image) + ": " + why);
    }

    private static String quote(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    public boolean hasDigest() {
        return digest.isPresent();
    }

    /** What Kyverno writes when it pins the digest: this reference as printed, then {@code @digest}. */
    public String pinned(Digest resolved) {
        return this + "@" + resolved;
    }

    /** The registry reference to verify (Docker Hub's {@code library/} added back, as registries need it). */
    public ImageRef ref() {
        return ImageRef.parse(registry + "/" + path + digest.map(d -> "@" + d).orElse(":" + tag.orElse("latest")));
    }

    /** {@code registry/path@digest}, or {@code registry/path:tag} when there is no digest (ImageInfo.String). */
    @Override
    public String toString() {
        return registry + "/" + path + digest.map(d -> "@" + d).orElseGet(() -> ":" + tag.orElse("latest"));
    }
}
