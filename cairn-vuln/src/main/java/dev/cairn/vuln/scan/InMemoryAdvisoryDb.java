package dev.cairn.vuln.scan;

import dev.cairn.sbom.PackageNames;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.AdvisoryDb;
import dev.cairn.vuln.DbStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link AdvisoryDb} over a list held in memory: for tests, and for scanning with a handful of
 * advisories without building a database. Lookup follows the seam's contract: the base ecosystem
 * (the part before the first {@code :}) and the name, PyPI names normalised per PEP 503.
 */
public final class InMemoryAdvisoryDb implements AdvisoryDb {
    private final Map<String, List<Advisory>> byKey = new LinkedHashMap<>();
    private final Map<String, Advisory> byId = new LinkedHashMap<>();
    private final DbStatus status;

    public InMemoryAdvisoryDb(List<Advisory> advisories, DbStatus status) {
        Objects.requireNonNull(advisories, "advisories");
        this.status = Objects.requireNonNull(status, "status");
        for (Advisory a : advisories) {
            byId.put(a.id(), a);
            a.affected().stream().map(af -> key(base(af.ecosystem()), af.name())).distinct()
                    .forEach(k -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(a));
        }
    }

    public InMemoryAdvisoryDb(List<Advisory> advisories) {
        this(advisories, new DbStatus(1, Instant.EPOCH, List.of(), advisories.size()));
    }

    @Override
    public List<Advisory> find(String ecosystem, String name) {
        return List.copyOf(byKey.getOrDefault(key(ecosystem, name), List.of()));
    }

    @Override
    public Map<String, Advisory.Header> headers(Collection<String> ids) {
        Map<String, Advisory.Header> out = new LinkedHashMap<>();
        for (String id : ids) {
            Advisory a = byId.get(id);
            if (a != null) {
                out.put(id, a.header());
            }
        }
        return out;
    }

    @Override
    public DbStatus status() {
        return status;
    }

    private static String base(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    }

    private static String key(String ecosystem, String name) {
        String n = ecosystem.equals("PyPI") ? PackageNames.pep503(name) : name;
        return ecosystem + "\u0000" + n;
    }
}
