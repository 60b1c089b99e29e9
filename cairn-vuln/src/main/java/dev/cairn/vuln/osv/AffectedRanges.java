package dev.cairn.vuln.osv;

import dev.cairn.vuln.version.GoVersionScheme;
import dev.cairn.vuln.version.SemVerScheme;
import dev.cairn.vuln.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates an OSV {@code affected[]} entry for one installed version, following the
 * {@code IsVulnerable} pseudocode of the OSV schema (Evaluation section): a version is affected
 * when it is listed in {@code versions} or lies in any range. For each {@code SEMVER} or
 * {@code ECOSYSTEM} range that the version is below a {@code limit} of (no limit means
 * {@code "*"}), the events are sorted by version and walked in order: {@code introduced <= v}
 * makes it affected, {@code fixed <= v} or {@code last_affected < v} makes it not affected; the
 * state after the last event decides. This handles several intervals in one range. {@code GIT}
 * ranges (and range types Cairn does not know) are skipped: they are about commits, not releases.
 *
 * <p>The {@code versions} list is matched by exact string, as the pseudocode says.
 */
public final class AffectedRanges {
    private AffectedRanges() {}

    /**
     * @param scheme the ecosystem's scheme; used for {@code ECOSYSTEM} ranges, and for
     *     {@code SEMVER} ranges only when it is itself SemVer-shaped (Go), otherwise SemVer 2.0
     *     orders those. Empty when the ecosystem has no known scheme: only {@code versions} can
     *     then match.
     */
    public static RangeVerdict evaluate(AffectedEntry entry, String installed, Optional<VersionScheme> scheme) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(scheme, "scheme");
        boolean listed = entry.versions().contains(installed);
        boolean inRange = false;
        String undecidable = null;
        List<String> fixes = new ArrayList<>();
        for (OsvRange range : entry.ranges()) {
            Optional<VersionScheme> order = schemeFor(range.type(), scheme);
            if (range.type() == OsvRange.Type.GIT) {
                continue;
            }
            if (order.isEmpty()) {
                undecidable = "no version order is known for this ecosystem's " + range.type() + " ranges";
                continue;
            }
            Result r = evaluate(range, installed, order.get());
            switch (r) {
                case Result.Invalid i -> undecidable = i.reason();
                case Result.Evaluated e -> {
                    inRange |= e.affected();
                    e.fixedAbove().ifPresent(fixes::add);
                }
            }
        }
        if (listed || inRange) {
            return new RangeVerdict.Affected(smallest(fixes, scheme));
        }
        if (undecidable != null) {
            return new RangeVerdict.Undecidable(undecidable);
        }
        return new RangeVerdict.NotAffected();
    }

    private static Optional<VersionScheme> schemeFor(OsvRange.Type type, Optional<VersionScheme> ecosystem) {
        return switch (type) {
            case ECOSYSTEM -> ecosystem;
            case SEMVER -> ecosystem.filter(s -> s instanceof GoVersionScheme || s instanceof SemVerScheme)
                    .or(() -> Optional.of(SemVerScheme.STRICT));
            case GIT -> Optional.empty();
        };
    }

    private sealed interface Result {
        record Invalid(String reason) implements Result {}

        /** Whether the range covers the version, and the smallest fix above it in this range. */
        record Evaluated(boolean affected, Optional<String> fixedAbove) implements Result {}
    }

    private static Result evaluate(OsvRange range, String v, VersionScheme scheme) {
        Optional<String> bad = scheme.validate(v);
        if (bad.isPresent()) {
            return new Result.Invalid("installed version '" + v + "' is not a " + scheme.name() + " version: " + bad.get());
        }
        for (OsvEvent e : range.events()) {
            if (e.isIntroducedZero() || e.isUnlimited()) {
                continue;
            }
            Optional<String> why = scheme.validate(e.version());
            if (why.isPresent()) {
                return new Result.Invalid("OSV event version '" + e.version() + "' is not a " + scheme.name()
                        + " version: " + why.get());
            }
        }
        if (!beforeLimits(range, v, scheme)) {
            return new Result.Evaluated(false, Optional.empty());
        }
        List<OsvEvent> sorted = new ArrayList<>(range.events());
        sorted.sort(eventOrder(scheme));
        boolean affected = false;
        Optional<String> fixedAbove = Optional.empty();
        for (OsvEvent e : sorted) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (e.isIntroducedZero() || scheme.compare(v, e.version()) >= 0) {
                        affected = true;
                    }
                }
                case FIXED -> {
                    if (scheme.compare(v, e.version()) >= 0) {
                        affected = false;
                    } else if (fixedAbove.isEmpty()) {
                        // Sorted ascending, so the first fix above the version is the smallest.
                        fixedAbove = Optional.of(e.version());
                    }
                }
                case LAST_AFFECTED -> {
                    if (scheme.compare(v, e.version()) > 0) {
                        affected = false;
                    }
                }
                case LIMIT -> { }
            }
        }
        return new Result.Evaluated(affected, affected ? fixedAbove : Optional.empty());
    }

    private static boolean beforeLimits(OsvRange range, String v, VersionScheme scheme) {
        boolean anyLimit = false;
        for (OsvEvent e : range.events()) {
            if (e.kind() == OsvEvent.Kind.LIMIT) {
                anyLimit = true;
                if (e.isUnlimited() || scheme.compare(v, e.version()) < 0) {
                    return true;
                }
            }
        }
        return !anyLimit;
    }

    /**
     * Events by version, {@code introduced: "0"} first and an unlimited {@code limit} last. At the
     * same version an {@code introduced} comes first, so an interval that is introduced and fixed
     * at one version is empty rather than open-ended.
     */
    private static Comparator<OsvEvent> eventOrder(VersionScheme scheme) {
        return (a, b) -> {
            int c = Integer.compare(rank(a), rank(b));
            if (c != 0 || rank(a) != 1) {
                return c;
            }
            c = scheme.compare(a.version(), b.version());
            return c != 0 ? c : a.kind().compareTo(b.kind());
        };
    }

    /** 0 for "before everything", 2 for "after everything", 1 for an event with a real version. */
    private static int rank(OsvEvent e) {
        if (e.isIntroducedZero()) {
            return 0;
        }
        return e.isUnlimited() ? 2 : 1;
    }

    private static Optional<String> smallest(List<String> fixes, Optional<VersionScheme> scheme) {
        if (fixes.size() <= 1) {
            return fixes.stream().findFirst();
        }
        // Fixes from ECOSYSTEM ranges are valid in the ecosystem's scheme and those from SEMVER
        // ranges in SemVer; an entry mixing both (rare) is ordered by whichever accepts them all.
        List<VersionScheme> candidates = new ArrayList<>();
        scheme.ifPresent(candidates::add);
        candidates.add(SemVerScheme.STRICT);
        for (VersionScheme s : candidates) {
            if (fixes.stream().allMatch(s::isValid)) {
                return fixes.stream().min(s.comparator());
            }
        }
        return fixes.stream().findFirst();
    }
}
