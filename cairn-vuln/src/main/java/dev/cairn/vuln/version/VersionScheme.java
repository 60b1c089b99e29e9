package dev.cairn.vuln.version;

import dev.cairn.model.CairnException;
import java.util.Comparator;
import java.util.Optional;

/**
 * The ordering of versions in one packaging ecosystem. Each implementation follows the reference
 * tool of its ecosystem (dpkg, rpm, apk-tools, the SemVer spec, PEP 440, Maven's
 * ComparableVersion, RubyGems, NuGet), because a scanner that orders versions differently from the
 * package manager reports the wrong fixed version or misses a vulnerable one.
 *
 * <p>{@link #compare} is a total order on the strings {@link #validate} accepts. Comparing a string
 * that does not validate is a caller error and throws {@link CairnException} with
 * {@code INVALID_INPUT}; callers that take versions from outside (SBOMs, advisories) validate first
 * and treat a failure as "cannot decide", never as "not affected".
 */
public sealed interface VersionScheme
        permits DebianVersionScheme, RpmVersionScheme, ApkVersionScheme, SemVerScheme, GoVersionScheme,
                Pep440VersionScheme, MavenVersionScheme, RubyGemsVersionScheme, NuGetVersionScheme {

    /** Longest version string any scheme accepts; versions come from outside, so they are bounded. */
    int MAX_LENGTH = 256;

    /** A short name for messages and reports, e.g. {@code "dpkg"} or {@code "pep440"}. */
    String name();

    /** Negative, zero or positive as {@code a} sorts before, equal to or after {@code b}. */
    int compare(String a, String b);

    /** Why {@code v} is not a version of this scheme, or empty when it is one. */
    Optional<String> validate(String v);

    default boolean isValid(String v) {
        return validate(v).isEmpty();
    }

    default Comparator<String> comparator() {
        return this::compare;
    }
}
