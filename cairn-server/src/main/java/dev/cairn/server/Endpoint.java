package dev.cairn.server;

/** The two admission endpoints: mutate pins digests, validate only decides (Kyverno's split). */
public enum Endpoint {
    MUTATE("/mutate"), VALIDATE("/validate");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
