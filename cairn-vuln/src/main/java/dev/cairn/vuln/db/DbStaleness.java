package dev.cairn.vuln.db;

import dev.cairn.vuln.DbStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether a database is too old to trust a clean scan from. */
public final class DbStaleness {
    private DbStaleness() {
    }

    /**
     * A one-line warning when the database was built more than {@code maxAge} ago (or in the
     * future, which means a wrong clock somewhere); empty when it is fresh enough.
     */
    public static Optional<String> check(DbStatus status, Duration maxAge, Clock clock) {
        Instant now = clock.instant();
        Duration age = Duration.between(status.built(), now);
        if (age.isNegative()) {
            return Optional.of("vulnerability database was built at " + status.built()
                    + ", after the current time " + now + "; check the clock");
        }
        if (age.compareTo(maxAge) > 0) {
            return Optional.of("vulnerability database was built " + human(age) + " ago (" + status.built()
                    + "), more than the allowed " + human(maxAge) + "; import fresh advisories");
        }
        return Optional.empty();
    }

    private static String human(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
