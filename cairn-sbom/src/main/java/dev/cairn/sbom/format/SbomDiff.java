package dev.cairn.sbom.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Digest;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Sbom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What changed between two SBOMs. A package's identity is its ecosystem, namespace and name, plus the
 * architecture for OS packages (i386 and amd64 builds of one library are two packages). Same identity
 * with another version is a change; same identity and version in another layer is a move.
 */
public final class SbomDiff {
    private SbomDiff() {
    }

    /** The identity of a package across SBOMs. */
    public record Key(Ecosystem ecosystem, Optional<String> namespace, String name, Optional<String> arch) implements Comparable<Key> {
        public Key {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arch, "arch");
        }

        static Key of(Package p) {
            return new Key(p.ecosystem(), p.namespace(), p.name(),
                    p.ecosystem().operatingSystem() ? Optional.ofNullable(p.qualifiers().get("arch")) : Optional.empty());
        }

        @Override
        public int compareTo(Key o) {
            return COMPARATOR.compare(this, o);
        }

        private static final Comparator<Key> COMPARATOR = Comparator.comparing(Key::ecosystem)
                .thenComparing(k -> k.namespace().orElse("")).thenComparing(Key::name).thenComparing(k -> k.arch().orElse(""));

        /** {@code maven org.apache.commons/commons-text}, {@code deb libc6 (amd64)}. */
        public String display() {
            return ecosystem.purlType() + " " + namespace.map(n -> n + "/").orElse("") + name + arch.map(a -> " (" + a + ")").orElse("");
        }
    }

    public record Entry(Key key, String version, Optional<Digest> layer) {
    }

    public record Change(Key key, String from, String to) {
    }

    public record Move(Key key, String version, Optional<Digest> from, Optional<Digest> to) {
    }

    public record Result(List<Entry> added, List<Entry> removed, List<Change> changed, List<Move> moved) {
        public Result {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            moved = List.copyOf(moved);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && moved.isEmpty();
        }

        /** One line per difference ({@code + added}, {@code - removed}, {@code ~ changed}, {@code > moved}) and a summary line. */
        public String text() {
            StringBuilder b = new StringBuilder();
            removed.forEach(e -> b.append("- ").append(Text.escapeControls(e.key().display())).append(' ').append(Text.escapeControls(e.version())).append('\n'));
            added.forEach(e -> b.append("+ ").append(Text.escapeControls(e.key().display())).append(' ').append(Text.escapeControls(e.version())).append('\n'));
            changed.forEach(c -> b.append("~ ").append(Text.escapeControls(c.key().display())).append(' ')
                    .append(Text.escapeControls(c.from())).append(" -> ").append(Text.escapeControls(c.to())).append('\n'));
            moved.forEach(m -> b.append("> ").append(Text.escapeControls(m.key().display())).append(' ').append(Text.escapeControls(m.version()))
                    .append(" layer ").append(m.from().map(Digest::toString).orElse("-")).append(" -> ").append(m.to().map(Digest::toString).orElse("-")).append('\n'));
            b.append(added.size()).append(" added, ").append(removed.size()).append(" removed, ")
                    .append(changed.size()).append(" changed, ").append(moved.size()).append(" moved\n");
            return b.toString();
        }

        /** {@code {"added":[…],"removed":[…],"changed":[…],"moved":[…]}}. */
        public String json() {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            ArrayNode a = root.putArray("added");
            added.forEach(e -> entry(a.addObject(), e.key()).put("version", e.version()));
            ArrayNode r = root.putArray("removed");
            removed.forEach(e -> entry(r.addObject(), e.key()).put("version", e.version()));
            ArrayNode c = root.putArray("changed");
            changed.forEach(ch -> entry(c.addObject(), ch.key()).put("from", ch.from()).put("to", ch.to()));
            ArrayNode m = root.putArray("moved");
            moved.forEach(mv -> {
                ObjectNode o = entry(m.addObject(), mv.key()).put("version", mv.version());
                mv.from().ifPresent(d -> o.put("fromLayer", d.toString()));
                mv.to().ifPresent(d -> o.put("toLayer", d.toString()));
            });
            try {
                return mapper.writeValueAsString(root) + "\n";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static ObjectNode entry(ObjectNode o, Key k) {
            o.put("type", k.ecosystem().purlType());
            k.namespace().ifPresent(n -> o.put("namespace", n));
            o.put("name", k.name());
            k.arch().ifPresent(x -> o.put("arch", x));
            return o;
        }
    }

    /** The differences from {@code a} to {@code b}. */
    public static Result diff(Sbom a, Sbom b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Map<Key, List<Package>> before = index(a);
        Map<Key, List<Package>> after = index(b);
        List<Entry> added = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Move> moved = new ArrayList<>();
        TreeMap<Key, Boolean> keys = new TreeMap<>();
        before.keySet().forEach(k -> keys.put(k, true));
        after.keySet().forEach(k -> keys.put(k, true));
        for (Key k : keys.keySet()) {
            List<Package> x = new ArrayList<>(before.getOrDefault(k, List.of()));
            List<Package> y = new ArrayList<>(after.getOrDefault(k, List.of()));
            // the same version on both sides: unchanged, or moved to another layer
            for (var it = x.iterator(); it.hasNext(); ) {
                Package p = it.next();
                Optional<Package> match = y.stream().filter(q -> q.version().equals(p.version()) && q.layer().equals(p.layer())).findFirst()
                        .or(() -> y.stream().filter(q -> q.version().equals(p.version())).findFirst());
                if (match.isPresent()) {
                    y.remove(match.get());
                    it.remove();
                    if (!match.get().layer().equals(p.layer()) && p.layer().isPresent() && match.get().layer().isPresent()) {
                        moved.add(new Move(k, p.version(), p.layer(), match.get().layer()));
                    }
                }
            }
            // what is left pairs up as version changes; the rest was added or removed
            int pairs = Math.min(x.size(), y.size());
            for (int i = 0; i < pairs; i++) {
                changed.add(new Change(k, x.get(i).version(), y.get(i).version()));
            }
            x.subList(pairs, x.size()).forEach(p -> removed.add(new Entry(k, p.version(), p.layer())));
            y.subList(pairs, y.size()).forEach(p -> added.add(new Entry(k, p.version(), p.layer())));
        }
        return new Result(added, removed, changed, moved);
    }

    private static Map<Key, List<Package>> index(Sbom s) {
        Map<Key, List<Package>> m = new TreeMap<>();
        for (Package p : s.packages()) {
            m.computeIfAbsent(Key.of(p), k -> new ArrayList<>()).add(p);
        }
        m.values().forEach(l -> l.sort(Comparator.comparing(Package::version)));
        return m;
    }
}
