package dev.cairn.vuln.source;

import java.util.Map;
import java.util.Optional;

/** Debian codenames to the release numbers OSV puts in the ecosystem ({@code Debian:12}). */
public final class DebianReleases {
    private DebianReleases() {
    }

    private static final Map<String, String> NUMBERS = Map.ofEntries(
            Map.entry("woody", "3.0"), Map.entry("sarge", "3.1"), Map.entry("etch", "4"),
            Map.entry("lenny", "5"), Map.entry("squeeze", "6"), Map.entry("wheezy", "7"),
            Map.entry("jessie", "8"), Map.entry("stretch", "9"), Map.entry("buster", "10"),
            Map.entry("bullseye", "11"), Map.entry("bookworm", "12"), Map.entry("trixie", "13"),
            Map.entry("forky", "14"));

    /** The release number for a codename, or empty for an unknown one (or {@code sid}, which has none). */
    public static Optional<String> number(String codename) {
        return Optional.ofNullable(NUMBERS.get(codename));
    }
}
