package dev.cairn.crypto;

import java.util.Arrays;
import java.util.Objects;

/** One PEM block: its type line ({@code PUBLIC KEY}, {@code EC PRIVATE KEY} ...) and decoded body. */
public record PemBlock(String type, byte[] bytes) {
    public PemBlock {
        Objects.requireNonNull(type, "type");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PemBlock other && type.equals(other.type) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(bytes);
    }

    /** Shows the type and size only: bodies are often private keys. */
    @Override
    public String toString() {
        return "PemBlock[" + type + ", " + bytes.length + " bytes]";
    }
}
