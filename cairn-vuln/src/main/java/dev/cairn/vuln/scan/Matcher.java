package dev.cairn.vuln.scan;

import dev.cairn.model.CairnException;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.PackageNames;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;
import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.AdvisoryDb;
import dev.cairn.vuln.AffectedBy;
import dev.cairn.vuln.osv.AffectedRanges;
import dev.cairn.vuln.osv.RangeVerdict;
import dev.cairn.vuln.version.VersionScheme;
import dev.cairn.vuln.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Matches the packages of an SBOM against an {@link AdvisoryDb}.
 *
 * <p>Language packages are looked up under their OSV ecosystem and name (Maven
 * {@code group:artifact}, Go and Composer {@code namespace/name}) with the installed version; any
 * suffix of the advisory's ecosystem is ignored. OS packages are looked up by their SOURCE package
 * (falling back to the binary name) and source version, because distros publish fixes per source
 * package, and only advisory entries for the image's release count ({@code Debian:12},
 * {@code Alpine:v3.19}). OS packages of an SBOM without an OS release, or of a distro Cairn does not
 * map, are not matched.
 *
 * <p>An entry whose range cannot be evaluated for the version ({@link RangeVerdict.Undecidable}) is
 * reported with {@link FixState#UNKNOWN} rather than dropped: "cannot tell" is not "not affected".
 * Advisories linked by id or alias (a GHSA and a DSA for one CVE) make one finding per package.
 */
public final class Matcher {
    private static final Pattern BIN_NMU = Pattern.compile("\\+b\\d+$");

    private final AdvisoryDb db;

    public Matcher(AdvisoryDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Findings for every package, in SBOM package order, then by id. The database is asked for what decides
     * a match for all the names the SBOM needs, a few hundred names of one ecosystem at a time
     * ({@link AdvisoryDb#findAffected}), and then for the headers of the advisories that match
     * ({@link AdvisoryDb#headers}).
     */
    public List<Finding> match(Sbom sbom) {
        Objects.requireNonNull(sbom, "sbom");
        Optional<OsRelease> os = sbom.os();
        Map<String, Set<String>> names = new LinkedHashMap<>();
        List<Optional<OsvTarget>> targets = new ArrayList<>(sbom.packages().size());
        for (Package p : sbom.packages()) {
            Optional<OsvTarget> target = OsvTarget.of(p, os);
            targets.add(target);
            target.ifPresent(t -> lookups(p).forEach(l -> names.computeIfAbsent(t.base(), b -> new LinkedHashSet<>()).add(l.name())));
        }
        // The lookups, and then the packages, are independent: spread over the cores. Lookups go in batches of
        // names rather than one task per ecosystem, which left one core idle while the other read npm's.
        List<Batch> batches = names.entrySet().stream().flatMap(e -> Batch.of(e.getKey(), List.copyOf(e.getValue()))).toList();
        Map<String, Map<String, List<AffectedBy>>> found = new HashMap<>(); // ecosystem -> name -> entries
        batches.parallelStream().map(b -> Map.entry(b.ecosystem(), db.findAffected(b.ecosystem(), b.names()))).toList()
                .forEach(e -> found.computeIfAbsent(e.getKey(), k -> new HashMap<>()).putAll(e.getValue()));
        List<List<Candidate>> candidates = IntStream.range(0, targets.size()).parallel()
                .mapToObj(i -> targets.get(i).map(target -> {
                    Map<String, List<AffectedBy>> byName = found.get(target.base());
                    return candidates(sbom.packages().get(i), target, l -> byName.getOrDefault(l.name(), List.of()));
                }).orElse(List.of()))
                .toList();
        Map<String, Advisory.Header> headers = headers(candidates.stream().flatMap(List::stream).map(Candidate::advisoryId).toList());
        return IntStream.range(0, targets.size()).parallel()
                .mapToObj(i -> targets.get(i).map(target -> merge(candidates.get(i), headers, sbom.packages().get(i), os, target))
                        .orElse(List.of()))
                .flatMap(List::stream)
                .toList();
    }

    /** Findings for one package of an image with the given OS release. */
    public List<Finding> match(Package pkg, Optional<OsRelease> os) {
        Optional<OsvTarget> target = OsvTarget.of(pkg, os);
        if (target.isEmpty()) {
            return List.of();
        }
        Map<String, Advisory.Header> headers = new LinkedHashMap<>();
        List<Candidate> candidates = candidates(pkg, target.get(), l -> {
            List<Advisory> found = db.find(target.get().base(), l.name());
            found.forEach(a -> headers.putIfAbsent(a.id(), a.header()));
            return found.stream().map(AffectedBy::of).toList();
        });
        return merge(candidates, headers, pkg, os, target.get());
    }

    /** Names of one ecosystem to look up in one {@link AdvisoryDb#findAffected} call. */
    private record Batch(String ecosystem, List<String> names) {
        /** Names per batch: enough to keep a call's overhead small, few enough to spread a scan over the cores. */
        static final int SIZE = 500;

        static Stream<Batch> of(String ecosystem, List<String> names) {
            return IntStream.range(0, (names.size() + SIZE - 1) / SIZE)
                    .mapToObj(i -> new Batch(ecosystem, names.subList(i * SIZE, Math.min(names.size(), (i + 1) * SIZE))));
        }
    }

    /** The headers of these advisories, read in two halves on the two cores. */
    private Map<String, Advisory.Header> headers(List<String> ids) {
        List<String> distinct = ids.stream().distinct().sorted().toList();
        int half = distinct.size() / 2;
        return Stream.of(distinct.subList(0, half), distinct.subList(half, distinct.size())).parallel()
                .map(db::headers)
                .flatMap(m -> m.entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<Candidate> candidates(Package pkg, OsvTarget target, Function<Lookup, List<AffectedBy>> advisories) {
        List<Candidate> candidates = new ArrayList<>();
        for (Lookup l : lookups(pkg)) {
            for (AffectedBy a : advisories.apply(l)) {
                evaluate(a, l, target).ifPresent(candidates::add);
            }
        }
        return candidates;
    }

    /** One name and version to look up, and why it would match. */
    record Lookup(String name, String version, MatchReason reason) {}

    /** An advisory that applies to a package (affected, or cannot tell), before its whole record is read. */
    record Candidate(String advisoryId, RangeVerdict verdict, Lookup lookup, String ecosystem) {}

    /** A candidate with its advisory's header. */
    private record Match(Advisory.Header advisory, RangeVerdict verdict, Lookup lookup, String ecosystem) {}

    static List<Lookup> lookups(Package pkg) {
        if (!pkg.ecosystem().operatingSystem()) {
            return List.of(new Lookup(OsvTarget.packageName(pkg), pkg.version(), new MatchReason.Direct()));
        }
        List<Lookup> out = new ArrayList<>();
        String binaryVersion = withEpoch(pkg, pkg.version());
        if (pkg.source().isPresent() && !pkg.source().get().name().isBlank()) {
            String srcName = pkg.source().get().name();
            String srcVersion = sourceVersion(pkg);
            MatchReason reason = srcName.equals(pkg.name())
                    ? new MatchReason.Direct() : new MatchReason.ViaSourcePackage(srcName, srcVersion);
            out.add(new Lookup(srcName, srcVersion, reason));
            // Red Hat family advisories name binary RPMs; look those up as well.
            if (pkg.ecosystem() == Ecosystem.RPM && !srcName.equals(pkg.name())) {
                out.add(new Lookup(pkg.name(), binaryVersion, new MatchReason.Direct()));
            }
        } else {
            out.add(new Lookup(pkg.name(), binaryVersion, new MatchReason.Direct()));
        }
        return out;
    }

    /**
     * The source version to evaluate. Our dpkg cataloger records it with its epoch. Trivy's SBOMs carry
     * only the upstream part ({@code SrcVersion} without {@code SrcRelease} and {@code SrcEpoch}):
     * when the source version has no Debian revision but the binary version extends it with one, the
     * binary version less a binNMU suffix ({@code +b1}) is the source version. The epoch qualifier is
     * prefixed when the version has none.
     */
    static String sourceVersion(Package pkg) {
        String v = pkg.source().map(Package.Source::version).filter(s -> !s.isBlank()).orElse(pkg.version());
        if (pkg.ecosystem() == Ecosystem.DEB && v.indexOf('-') < 0 && !v.contains(":")
                && pkg.version().startsWith(v + "-")) {
            v = BIN_NMU.matcher(pkg.version()).replaceFirst("");
        }
        return withEpoch(pkg, v);
    }

    private static String withEpoch(Package pkg, String v) {
        String epoch = pkg.qualifiers().get("epoch");
        if (epoch == null || epoch.isBlank() || epoch.equals("0") && pkg.ecosystem() == Ecosystem.DEB || v.contains(":")) {
            return v;
        }
        return epoch + ":" + v;
    }

    private static Optional<Candidate> evaluate(AffectedBy a, Lookup l, OsvTarget target) {
        RangeVerdict combined = null;
        String ecosystem = null;
        for (Advisory.Affected af : a.affected()) {
            if (!target.accepts(af.ecosystem()) || !sameName(target.base(), af.name(), l.name())) {
                continue;
            }
            Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(af.ecosystem());
            RangeVerdict v = AffectedRanges.evaluate(af.ranges(), l.version(), scheme);
            RangeVerdict next = combine(combined, v, scheme);
            if (next != combined) {
                ecosystem = af.ecosystem();
            }
            combined = next;
        }
        if (combined == null || combined instanceof RangeVerdict.NotAffected) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(a.advisoryId(), combined, l, ecosystem));
    }

    /** Affected beats Undecidable beats NotAffected; of two Affected, the smaller fix wins. */
    private static RangeVerdict combine(RangeVerdict a, RangeVerdict b, Optional<VersionScheme> scheme) {
        if (a == null) {
            return b;
        }
        if (a instanceof RangeVerdict.Affected fa && b instanceof RangeVerdict.Affected fb) {
            if (fa.fixedIn().isEmpty() || fb.fixedIn().isEmpty()) {
                return fa.fixedIn().isEmpty() ? fb : fa;
            }
            return smaller(fa.fixedIn().get(), fb.fixedIn().get(), scheme) == fa.fixedIn().get() ? fa : fb;
        }
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(RangeVerdict v) {
        return switch (v) {
            case RangeVerdict.Affected x -> 2;
            case RangeVerdict.Undecidable x -> 1;
            case RangeVerdict.NotAffected x -> 0;
        };
    }

    private static String smaller(String x, String y, Optional<VersionScheme> scheme) {
        if (scheme.isPresent() && scheme.get().isValid(x) && scheme.get().isValid(y)) {
            return scheme.get().compare(x, y) <= 0 ? x : y;
        }
        return x;
    }

    private static boolean sameName(String base, String a, String b) {
        if (base.equals("PyPI")) {
            return PackageNames.pep503(a).equals(PackageNames.pep503(b));
        }
        return a.equals(b);
    }

    private static List<Finding> merge(List<Candidate> candidates, Map<String, Advisory.Header> headers, Package pkg,
                                       Optional<OsRelease> os, OsvTarget target) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Advisory.Header a = headers.get(c.advisoryId());
            if (a == null) {
                throw CairnException.invalid("the vulnerability database indexes advisory " + c.advisoryId()
                        + " but does not hold it; rebuild it with an import");
            }
            matches.add(new Match(a, c.verdict(), c.lookup(), c.ecosystem()));
        }
        // Group advisories whose id sets (id + aliases) intersect, transitively.
        List<Set<String>> idSets = new ArrayList<>();
        List<List<Match>> groups = new ArrayList<>();
        for (Match c : matches) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(c.advisory().id());
            ids.addAll(c.advisory().aliases());
            List<Match> group = new ArrayList<>(List.of(c));
            for (int i = idSets.size() - 1; i >= 0; i--) {
                if (idSets.get(i).stream().anyMatch(ids::contains)) {
                    ids.addAll(idSets.remove(i));
                    group.addAll(0, groups.remove(i));
                }
            }
            idSets.add(ids);
            groups.add(group);
        }
        String purl = Purls.of(pkg, os);
        Finding.FindingPackage fp = new Finding.FindingPackage(
                pkg.ecosystem().operatingSystem() ? pkg.name() : OsvTarget.packageName(pkg),
                withEpoch(pkg, pkg.version()), pkg.ecosystem(), purl, pkg.path(), pkg.layer().map(Object::toString));
        List<Finding> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            out.add(finding(groups.get(g), idSets.get(g), fp, target));
        }
        out.sort(Comparator.comparing(Finding::id));
        return out;
    }

    private static Finding finding(List<Match> group, Set<String> ids, Finding.FindingPackage fp, OsvTarget target) {
        List<Match> byId = new ArrayList<>(group);
        byId.sort(Comparator.comparing(c -> c.advisory().id()));
        // Prefer a candidate that is affected over one that is only undecidable, then by id.
        Match primary = byId.stream().filter(c -> c.verdict().isAffected()).findFirst().orElse(byId.get(0));
        Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(primary.ecosystem());
        Set<String> fixes = new TreeSet<>(versionOrder(scheme));
        boolean affected = false;
        List<String> undecidable = new ArrayList<>();
        SeverityRating rating = SeverityRating.UNKNOWN;
        String summary = "";
        for (Match c : byId) {
            switch (c.verdict()) {
                case RangeVerdict.Affected a -> {
                    affected = true;
                    a.fixedIn().ifPresent(fixes::add);
                }
                case RangeVerdict.Undecidable u -> undecidable.add(c.advisory().id() + ": " + u.reason());
                case RangeVerdict.NotAffected n -> { }
            }
            rating = SeverityRating.stronger(rating, SeverityRating.of(c.advisory().severities(), c.advisory().id()));
        }
        if (!primary.advisory().summary().isBlank()) {
            summary = primary.advisory().summary();
        } else {
            summary = byId.stream().map(c -> c.advisory().summary()).filter(s -> !s.isBlank()).findFirst().orElse("");
        }
        List<String> aliases = new ArrayList<>(ids);
        aliases.remove(primary.advisory().id());
        aliases.sort(Comparator.comparing((String s) -> !s.startsWith("CVE-")).thenComparing(Comparator.naturalOrder()));
        FixState state = !affected ? FixState.UNKNOWN : fixes.isEmpty() ? FixState.NOT_FIXED : FixState.FIXED;
        return new Finding(primary.advisory().id(), aliases, fp, primary.lookup().version(), List.copyOf(fixes), rating,
                state, primary.lookup().reason(), summary, primary.ecosystem() == null ? target.display() : primary.ecosystem(),
                affected ? Optional.empty() : Optional.of(String.join("; ", undecidable)));
    }

    private static Comparator<String> versionOrder(Optional<VersionScheme> scheme) {
        return (a, b) -> {
            if (scheme.isPresent() && scheme.get().isValid(a) && scheme.get().isValid(b)) {
                int c = scheme.get().compare(a, b);
                if (c != 0) {
                    return c;
                }
            }
            return a.compareTo(b);
        };
    }
}
