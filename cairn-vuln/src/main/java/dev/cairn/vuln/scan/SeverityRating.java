package dev.cairn.vuln.scan;

import dev.cairn.vuln.Advisory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The severity Cairn reports for a finding and how it was reached.
 *
 * @param method {@link Method#CVSS_V31} when computed from a CVSS v3.x vector; {@link Method#CVSS_V4}
 *     when the advisory only has a v4.0 vector (Cairn does not compute v4.0 scores: the level is then
 *     the source's own rating, and {@code note} says so); {@link Method#SOURCE} for a source's own
 *     rating (GHSA {@code database_specific.severity}, Debian urgency); {@link Method#NONE} for unknown
 * @param vector the CVSS vector the rating relates to, when there is one
 * @param score the computed base score (only for CVSS v3.x)
 */
public record SeverityRating(Severity severity, Method method, Optional<String> vector, Optional<Double> score,
                             Optional<String> source, Optional<String> note) {
    public SeverityRating {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(note, "note");
    }

    public enum Method { CVSS_V31, CVSS_V4, SOURCE, NONE }

    public static final SeverityRating UNKNOWN = new SeverityRating(Severity.UNKNOWN, Method.NONE, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Rates an advisory's published severities. {@code type} conventions accepted:
     * {@code CVSS_V3} (a {@code CVSS:3.0/} or {@code CVSS:3.1/} vector, scored here);
     * {@code CVSS_V4} (a {@code CVSS:4.0/} vector, kept but not scored); any other type
     * ({@code GHSA}, {@code DATABASE_SPECIFIC}, {@code DEBIAN}, {@code ALPINE}, {@code URGENCY} ...)
     * whose score is a severity word ({@link Severity#parse}). {@code CVSS_V2} is ignored.
     * Precedence: computed CVSS v3 (highest score when several), then the source's word (labelled
     * CVSS v4 when a v4 vector exists), then unknown.
     */
    public static SeverityRating of(List<Advisory.Severity> severities, String sourceName) {
        Optional<Cvss3.Score> best = Optional.empty();
        Optional<String> v4 = Optional.empty();
        List<Severity> words = new ArrayList<>();
        String wordSource = null;
        for (Advisory.Severity s : severities) {
            String type = s.type().toUpperCase(Locale.ROOT);
            if (type.equals("CVSS_V3") || s.score().startsWith("CVSS:3.")) {
                Optional<Cvss3.Score> sc = Cvss3.score(s.score());
                if (sc.isPresent() && (best.isEmpty() || sc.get().baseScore() > best.get().baseScore())) {
                    best = sc;
                }
            } else if (type.equals("CVSS_V4") || s.score().startsWith("CVSS:4.")) {
                v4 = v4.or(() -> Optional.of(s.score()));
            } else if (!type.equals("CVSS_V2")) {
                Optional<Severity> w = Severity.parse(s.score());
                if (w.isPresent()) {
                    words.add(w.get());
                    if (wordSource == null) {
                        wordSource = s.type();
                    }
                }
            }
        }
        if (best.isPresent()) {
            Cvss3.Score sc = best.get();
            return new SeverityRating(sc.severity(), Method.CVSS_V31, Optional.of(sc.vector()), Optional.of(sc.baseScore()),
                    Optional.of(sourceName), Optional.empty());
        }
        Optional<Severity> word = words.stream().max(Comparator.naturalOrder());
        if (v4.isPresent()) {
            return new SeverityRating(word.orElse(Severity.UNKNOWN), Method.CVSS_V4, v4, Optional.empty(),
                    Optional.of(sourceName), Optional.of(word.isPresent()
                            ? "CVSS v4.0 score not computed by Cairn; level is the source's own rating (" + wordSource + ")"
                            : "CVSS v4.0 score not computed by Cairn and the source gives no rating"));
        }
        if (word.isPresent()) {
            return new SeverityRating(word.get(), Method.SOURCE, Optional.empty(), Optional.empty(),
                    Optional.of(sourceName + (wordSource == null ? "" : " (" + wordSource + ")")), Optional.empty());
        }
        return UNKNOWN;
    }

    /** The more informative of two ratings: computed CVSS first, then by level. */
    static SeverityRating stronger(SeverityRating a, SeverityRating b) {
        Comparator<SeverityRating> order = Comparator
                .comparing((SeverityRating r) -> r.method() == Method.CVSS_V31)
                .thenComparing(r -> r.method() != Method.NONE)
                .thenComparing(SeverityRating::severity)
                .thenComparing(r -> r.score().orElse(-1.0));
        return order.compare(a, b) >= 0 ? a : b;
    }
}
