package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.model.ManifestBlob;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Read-modify-write of a tag that several writers update at once (a referrers fallback index,
 * cosign's {@code .sig} and {@code .att} tags).
 *
 * <p>Registries have no compare-and-swap on tags: a PUT simply replaces whatever is there, so two
 * writers who both read the old value will each erase the other's addition. We cannot close that
 * race, only detect it and repair it: re-read just before the PUT (so a slow merge does not work
 * on stale content), PUT, wait a short jittered delay so a concurrent PUT lands, re-read, and if
 * our contribution is gone, merge again on top of what is there now. What remains is a writer
 * whose own re-read-then-PUT gap is longer than our settle delay; it would see our entry in its
 * own verify step only if it also uses this class, which all of Cairn does.
 */
public final class TagUpdate {
    private static final int DEFAULT_ATTEMPTS = 8;

    private final ImageStore store;
    private final String tag;
    private final Function<Optional<ManifestBlob>, ManifestBlob> merge;
    private final Predicate<ManifestBlob> present;
    private final int maxAttempts;
    private final long settleMillis;

    /**
     * @param merge   builds the new tag content from the current one (empty when the tag does not
     *                exist); it must keep every entry it did not add
     * @param present whether a tag content already contains our contribution
     */
    public TagUpdate(ImageStore store, String tag, Function<Optional<ManifestBlob>, ManifestBlob> merge, Predicate<ManifestBlob> present) {
        this(store, tag, merge, present, DEFAULT_ATTEMPTS, 150);
    }

    public TagUpdate(ImageStore store, String tag, Function<Optional<ManifestBlob>, ManifestBlob> merge, Predicate<ManifestBlob> present,
                     int maxAttempts, long settleMillis) {
        this.store = Objects.requireNonNull(store, "store");
        this.tag = Objects.requireNonNull(tag, "tag");
        this.merge = Objects.requireNonNull(merge, "merge");
        this.present = Objects.requireNonNull(present, "present");
        if (maxAttempts < 1 || settleMillis < 0) {
            throw new IllegalArgumentException("maxAttempts >= 1 and settleMillis >= 0");
        }
        this.maxAttempts = maxAttempts;
        this.settleMillis = settleMillis;
    }

    /** Runs the update; returns the tag content that was seen to contain our contribution. */
    public ManifestBlob run() {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Optional<ManifestBlob> current = store.manifest(tag);
            if (current.isPresent() && present.test(current.get())) {
                return current.get();
            }
            ManifestBlob next = merge.apply(current);
            if (!present.test(next)) {
                throw new CairnException(ErrorCode.INTERNAL, "merge for tag " + tag + " did not add our entry");
            }
            // the merge may have been slow; if the tag moved meanwhile, merge again on the new content
            if (!sameDigest(current, store.manifest(tag))) {
                continue;
            }
            store.putManifest(next, Optional.of(tag));
            sleep(settleMillis + ThreadLocalRandom.current().nextLong(settleMillis + 1));
            Optional<ManifestBlob> after = store.manifest(tag);
            if (after.isPresent() && present.test(after.get())) {
                return after.get();
            }
            sleep(ThreadLocalRandom.current().nextLong(settleMillis + 1) * attempt);
        }
        throw new CairnException(ErrorCode.IO, store.location() + ":" + tag + ": gave up after " + maxAttempts
                + " attempts; concurrent writers kept replacing the tag without our entry");
    }

    private static boolean sameDigest(Optional<ManifestBlob> a, Optional<ManifestBlob> b) {
        return a.map(ManifestBlob::digest).equals(b.map(ManifestBlob::digest));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.IO, "interrupted while updating a tag", e);
        }
    }
}
