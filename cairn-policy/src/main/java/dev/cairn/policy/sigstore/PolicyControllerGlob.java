package dev.cairn.policy.sigstore;

import dev.cairn.model.CairnException;

import java.util.Objects;

/**
 * policy-controller's image glob ({@code pkg/apis/glob}): {@code *} matches any run of characters
 * except {@code /}, {@code **} any run including {@code /}; every other character matches itself;
 * the whole name must match. The bare globs {@code *} and {@code *}{@code /*} mean
 * {@code index.docker.io/library/*} and {@code index.docker.io/*}{@code /*}. Only
 * {@code [a-zA-Z0-9-_:/*.@]} may appear. It is matched against {@link GgcrName#name()}, which for an
 * admitted image is {@code registry/repository@sha256:…}: so {@code ghcr.io/org/app} alone never
 * matches an admitted image, while {@code ghcr.io/org/app*} does.
 *
 * <p>Matching is a dynamic programme over pattern and name (O(p × n)), never a backtracking regex,
 * so no glob can make admission slow.
 */
public final class PolicyControllerGlob {
    static final int MAX_LENGTH = 1024;
    private static final char STAR = '\u0001';
    private static final char DOUBLE_STAR = '\u0002';

    private final String glob;
    private final String tokens;

    private PolicyControllerGlob(String glob, String tokens) {
        this.glob = glob;
        this.tokens = tokens;
    }

    public static PolicyControllerGlob compile(String glob) {
        Objects.requireNonNull(glob, "glob");
        String g = switch (glob) {
            case "*/*" -> "index.docker.io/*/*";
            case "*" -> "index.docker.io/library/*";
            default -> glob;
        };
        if (g.isEmpty() || g.length() > MAX_LENGTH || !g.matches("[a-zA-Z0-9\\-_:/*.@]+")) {
            throw CairnException.invalid("invalid glob '" + GgcrName.shorten(glob) + "': only letters, digits and -_:/*.@ are allowed");
        }
        StringBuilder tokens = new StringBuilder(g.length());
        for (int i = 0; i < g.length(); i++) {
            if (g.charAt(i) == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                tokens.append(DOUBLE_STAR);
                i++;
            } else {
                tokens.append(g.charAt(i) == '*' ? STAR : g.charAt(i));
            }
        }
        return new PolicyControllerGlob(glob, tokens.toString());
    }

    public boolean matches(String name) {
        int n = name.length();
        // reachable[j]: the tokens so far can consume exactly name[0, j)
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (int p = 0; p < tokens.length(); p++) {
            char token = tokens.charAt(p);
            boolean[] next = new boolean[n + 1];
            if (token == DOUBLE_STAR || token == STAR) {
                boolean carry = false;
                for (int j = 0; j <= n; j++) {
                    carry |= reachable[j];
                    next[j] = carry;
                    if (token == STAR && j < n && name.charAt(j) == '/') {
                        carry = false; // a single star cannot cross a slash
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    next[j + 1] = reachable[j] && name.charAt(j) == token;
                }
            }
            reachable = next;
        }
        return reachable[n];
    }

    @Override
    public String toString() {
        return glob;
    }
}
