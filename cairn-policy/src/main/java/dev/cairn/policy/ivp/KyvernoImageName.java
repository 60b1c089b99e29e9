package dev.cairn.policy.ivp;

/**
 * The image string Kyverno writes when it pins a digest ({@code ImageInfo.String()} of
 * {@code pkg/utils/image}): Docker Hub's {@code docker.io/} is added to names whose first component
 * is not a registry (no {@code .} or {@code :}, not {@code localhost}, lowercase) — without
 * {@code library/} — and an untagged name gets {@code :latest}. {@code nginx} becomes
 * {@code docker.io/nginx:latest}, pinned as {@code docker.io/nginx:latest@sha256:…}.
 */
final class KyvernoImageName {
    private KyvernoImageName() {
    }

    /** {@code image} (without a digest) as Kyverno prints it before appending {@code @digest}. */
    static String withRegistryAndTag(String image) {
        int slash = image.indexOf('/');
        String name = image;
        if (slash < 0 || !image.substring(0, slash).matches(".*[.:].*") && !image.substring(0, slash).equals("localhost")
                && image.substring(0, slash).toLowerCase(java.util.Locale.ROOT).equals(image.substring(0, slash))) {
            name = "docker.io/" + image;
        }
        int colon = name.lastIndexOf(':');
        boolean tagged = colon > name.lastIndexOf('/');
        return tagged ? name : name + ":latest";
    }
}
