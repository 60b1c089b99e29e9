package dev.cairn.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:ab12...}; only SHA-256 and SHA-512 are accepted. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        boolean ok = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!ok) {
            throw CairnException.invalid("invalid digest '" + abbreviate(algorithm + ":" + hex) + "': want sha256:<64 lowercase hex> or sha512:<128 lowercase hex>");
        }
    }

    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw CairnException.invalid("invalid digest '" + abbreviate(text) + "': missing algorithm prefix such as sha256:");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** Whether {@code content} hashes to this digest. */
    public boolean matches(byte[] content) {
        if (!algorithm.equals("sha256")) {
            try {
                return MessageDigest.isEqual(MessageDigest.getInstance("SHA-512").digest(content), bytes());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return MessageDigest.isEqual(newSha256().digest(content), bytes());
    }

    /** cosign's tag-scheme name for things attached to this digest: {@code sha256-<hex>}. */
    public String tagPrefix() {
        return algorithm + "-" + hex;
    }

    public String shortForm() {
        return algorithm + ":" + hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    private static String abbreviate(String s) {
        return CairnException.quotable(s);
    }
}
