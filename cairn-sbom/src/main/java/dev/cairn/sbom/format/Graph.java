package dev.cairn.sbom.format;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dependency edges of one SBOM's packages, by index: each {@code dependsOn} name is resolved to a
 * package of the same ecosystem (unresolvable names are dropped). When several packages share the name
 * (npm's nested {@code node_modules}), the one whose path shares the longest prefix with the
 * dependent's wins, which is how Node resolves them.
 */
final class Graph {
    final List<Package> packages;
    final List<Set<Integer>> edges;

    private Graph(List<Package> packages, List<Set<Integer>> edges) {
        this.packages = packages;
        this.edges = edges;
    }

    static Graph of(List<Package> packages) {
        Map<String, List<Integer>> byName = new HashMap<>();
        for (int i = 0; i < packages.size(); i++) {
            Package p = packages.get(i);
            byName.computeIfAbsent(key(p.ecosystem(), p.name()), k -> new ArrayList<>()).add(i);
            if (p.namespace().isPresent()) {
                byName.computeIfAbsent(key(p.ecosystem(), p.namespace().get() + (p.ecosystem() == Ecosystem.MAVEN ? ":" : "/") + p.name()),
                        k -> new ArrayList<>()).add(i);
            }
        }
        List<Set<Integer>> edges = new ArrayList<>(packages.size());
        for (int i = 0; i < packages.size(); i++) {
            Package p = packages.get(i);
            Set<Integer> to = new LinkedHashSet<>();
            for (String dep : p.dependsOn()) {
                List<Integer> candidates = byName.get(key(p.ecosystem(), strip(p.ecosystem(), dep)));
                if (candidates == null) {
                    continue;
                }
                int best = -1;
                int bestLen = -1;
                for (int c : candidates) {
                    int len = commonPrefix(p.path(), packages.get(c).path());
                    if (c != i && len > bestLen) {
                        best = c;
                        bestLen = len;
                    }
                }
                if (best >= 0) {
                    to.add(best);
                }
            }
            edges.add(to);
        }
        return new Graph(packages, edges);
    }

    /**
     * The packages among {@code members} nothing else in {@code members} depends on, plus enough
     * others that every member is reachable from them (a cycle has no such root otherwise).
     */
    List<Integer> roots(List<Integer> members) {
        BitSet in = new BitSet();
        members.forEach(in::set);
        BitSet dependedOn = new BitSet();
        for (int m : members) {
            for (int t : edges.get(m)) {
                if (t != m && in.get(t)) {
                    dependedOn.set(t);
                }
            }
        }
        List<Integer> roots = new ArrayList<>();
        BitSet reached = new BitSet();
        for (int m : members) {
            if (!dependedOn.get(m)) {
                roots.add(m);
                reach(m, in, reached);
            }
        }
        for (int m : members) {
            if (!reached.get(m)) {
                roots.add(m);
                reach(m, in, reached);
            }
        }
        return roots;
    }

    private void reach(int from, BitSet in, BitSet reached) {
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            int n = todo.pop();
            if (reached.get(n)) {
                continue;
            }
            reached.set(n);
            for (int t : edges.get(n)) {
                if (in.get(t) && !reached.get(t)) {
                    todo.push(t);
                }
            }
        }
    }

    private static String key(Ecosystem e, String name) {
        String n = name.trim();
        if (e == Ecosystem.PYPI) {
            n = n.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        }
        return e.name() + "\u0000" + n;
    }

    /** dpkg writes {@code python3:any}; strip the architecture qualifier. */
    private static String strip(Ecosystem e, String dep) {
        if (e == Ecosystem.DEB) {
            int colon = dep.indexOf(':');
            return colon > 0 ? dep.substring(0, colon) : dep;
        }
        return dep;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
