package dev.cairn.server;

import dev.cairn.policy.PolicySet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy set in force and how it got there.
 *
 * @param generation  1 for the set loaded at start, +1 for every reload that changed it
 * @param lastError   the latest reload that failed after this set was loaded (the set stays in force)
 */
record PolicyState(PolicySet policies, long generation, Instant loadedAt, Optional<ReloadError> lastError) {
    record ReloadError(Instant at, String message) {
    }

    PolicyState {
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(lastError, "lastError");
    }

    /** One line for {@code /readyz} and logs. */
    String describe() {
        String fp = policies.fingerprint();
        String line = "ready: " + policies.policies().size() + " polic" + (policies.policies().size() == 1 ? "y" : "ies")
                + ", generation " + generation + ", fingerprint " + (fp.length() > 12 ? fp.substring(0, 12) : fp) + ", loaded " + loadedAt;
        return lastError.map(e -> line + "; last reload failed at " + e.at() + " (keeping this set): " + e.message()).orElse(line);
    }
}
