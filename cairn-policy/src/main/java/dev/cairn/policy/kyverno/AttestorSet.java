package dev.cairn.policy.kyverno;

import dev.cairn.policy.TrustedKey;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kyverno's {@code attestors[]} item: {@code count} of the entries must verify; no count (or 0)
 * means all of them. A {@code keys.publicKeys} holding several PEM blocks is expanded into one entry
 * per key before counting, as Kyverno's ExpandStaticKeys does — so {@code count} counts keys.
 */
record AttestorSet(int requiredCount, List<Entry> entries) {
    AttestorSet {
        entries = List.copyOf(entries);
    }

    /** One attestor: a public key, or a nested attestor set. */
    sealed interface Entry permits KeyEntry, NestedEntry {
        /** Kyverno's path of this entry in messages, e.g. {@code .attestors[0].entries[1].keys}. */
        String path();
    }

    /** {@code keys.publicKeys} (one PEM), with the annotations every signature must carry. */
    record KeyEntry(String path, TrustedKey key, Map<String, String> annotations) implements Entry {
        KeyEntry {
            Objects.requireNonNull(key, "key");
            annotations = Map.copyOf(annotations);
        }
    }

    /** {@code attestor:} an attestor set inside an entry. */
    record NestedEntry(String path, AttestorSet set) implements Entry {
    }
}
