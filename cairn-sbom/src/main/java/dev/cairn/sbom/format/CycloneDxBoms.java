package dev.cairn.sbom.format;

import dev.cairn.model.Digest;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Translates our model into cyclonedx-core-java's {@link Bom}, the edge where its mutable beans are
 * allowed. One instance per document: it owns the bom-ref namespace of that document.
 */
final class CycloneDxBoms {
    static final String LAYER = "cairn:layer:diffID";
    static final String PATH = "cairn:file:path";
    static final String SOURCE = "cairn:package:source";
    static final String SOURCE_VERSION = "cairn:package:sourceVersion";
    static final String IMAGE_LAYER = "cairn:image:diffID";

    private static final Pattern REGISTRY_HOST = Pattern.compile("(localhost|[^/]*[.:][^/]*)(/.*)?");

    private final UnaryOperator<String> text;
    private final Set<String> usedRefs = new HashSet<>();
    private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();

    private CycloneDxBoms(UnaryOperator<String> text) {
        this.text = text;
    }

    static Bom of(Sbom sbom, boolean xml) {
        CycloneDxBoms t = new CycloneDxBoms(xml ? Text::xmlSafe : UnaryOperator.identity());
        Component root = t.subject(sbom.subject());
        Part part = t.part(sbom, null);
        t.edges(root.getBomRef()).addAll(part.roots);
        return t.bom(sbom.created(), root, part.components);
    }

    static Bom of(MergedSbom merged, boolean xml) {
        CycloneDxBoms t = new CycloneDxBoms(xml ? Text::xmlSafe : UnaryOperator.identity());
        Component root = new Component();
        root.setType(Component.Type.APPLICATION);
        root.setName(t.text.apply(merged.name()));
        merged.version().map(t.text).ifPresent(root::setVersion);
        root.setBomRef(t.ref("merged:" + merged.name() + merged.version().map(v -> "@" + v).orElse(""), ""));
        t.edges(root.getBomRef());
        List<Component> components = new ArrayList<>();
        Map<String, String> byPurl = merged.hierarchical() ? null : new HashMap<>();
        for (Sbom input : merged.inputs()) {
            Part part = t.part(input, byPurl);
            if (merged.hierarchical()) {
                Component parent = t.subject(input.subject());
                parent.setComponents(part.components.isEmpty() ? null : part.components);
                components.add(parent);
                t.edges(root.getBomRef()).add(parent.getBomRef());
                t.edges(parent.getBomRef()).addAll(part.roots);
            } else {
                components.addAll(part.components);
                t.edges(root.getBomRef()).addAll(part.roots);
            }
        }
        return t.bom(merged.created(), root, components);
    }

    private Bom bom(java.time.Instant created, Component root, List<Component> components) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        bom.setVersion(1);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(created));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("dev.cairn");
        tool.setName("cairn");
        tool.setVersion(Tool.version());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        metadata.setComponent(root);
        bom.setMetadata(metadata);
        bom.setComponents(components);
        List<Dependency> deps = new ArrayList<>();
        dependencies.forEach((ref, on) -> {
            Dependency d = new Dependency(ref);
            on.stream().filter(o -> !o.equals(ref)).forEach(o -> d.addDependency(new Dependency(o)));
            deps.add(d);
        });
        bom.setDependencies(deps);
        return bom;
    }

    private record Part(List<Component> components, List<String> roots) {
    }

    /**
     * The components of one SBOM and the refs its parent depends on. With {@code byPurl} (a flat
     * merge) a package whose PURL an earlier input already had is not repeated: its edges join the
     * first one's.
     */
    private Part part(Sbom sbom, Map<String, String> byPurl) {
        List<Package> packages = sbom.packages();
        Graph graph = Graph.of(packages);
        List<Component> components = new ArrayList<>();
        String[] refs = new String[packages.size()];
        for (int i = 0; i < packages.size(); i++) {
            Package p = packages.get(i);
            String purl = validPurl(Purls.of(p, sbom.os()));
            if (byPurl != null && !purl.isEmpty() && byPurl.containsKey(purl)) {
                refs[i] = byPurl.get(purl);
                continue;
            }
            refs[i] = ref(purl.isEmpty() ? fallbackRef(p) : purl, p.path());
            if (byPurl != null && !purl.isEmpty()) {
                byPurl.put(purl, refs[i]);
            }
            components.add(component(p, purl, refs[i]));
        }
        for (int i = 0; i < packages.size(); i++) {
            Set<String> on = edges(refs[i]);
            for (int t : graph.edges.get(i)) {
                on.add(refs[t]);
            }
        }
        List<Integer> os = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            (packages.get(i).ecosystem().operatingSystem() && sbom.os().isPresent() ? os : rest).add(i);
        }
        List<String> roots = new ArrayList<>();
        if (!os.isEmpty()) {
            OsRelease release = sbom.os().orElseThrow();
            String key = "os:" + release.distro();
            String osRef = byPurl == null ? null : byPurl.get(key);
            if (osRef == null) {
                osRef = ref(key, "");
                if (byPurl != null) {
                    byPurl.put(key, osRef);
                }
                Component c = new Component();
                c.setType(Component.Type.OPERATING_SYSTEM);
                c.setBomRef(osRef);
                c.setName(text.apply(release.id()));
                c.setVersion(text.apply(release.versionId()));
                release.prettyName().ifPresent(n -> c.setDescription(text.apply(n)));
                components.add(0, c);
            }
            roots.add(osRef);
            Set<String> osEdges = edges(osRef);
            os.forEach(i -> osEdges.add(refs[i]));
        }
        graph.roots(rest).forEach(i -> roots.add(refs[i]));
        return new Part(components, roots);
    }

    private Component component(Package p, String purl, String ref) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(ref);
        c.setName(text.apply(p.name()));
        if (!p.version().isEmpty()) {
            c.setVersion(text.apply(p.version()));
        }
        if (!p.ecosystem().operatingSystem()) {
            p.namespace().map(text).ifPresent(c::setGroup);
        }
        if (!purl.isEmpty()) {
            c.setPurl(purl);
        }
        List<String> licenses = p.licenses().stream().filter(l -> !l.isBlank()).map(String::trim).distinct().toList();
        Optional<String> expression = licenses.size() == 1 ? SpdxLicenses.expression(licenses.get(0)).filter(e -> e.contains(" ")) : Optional.empty();
        if (expression.isPresent()) {
            LicenseChoice choice = new LicenseChoice();
            choice.setExpression(new Expression(expression.get()));
            c.setLicenses(choice);
        } else if (!licenses.isEmpty()) {
            LicenseChoice choice = new LicenseChoice();
            for (String l : licenses) {
                if (l.isBlank()) {
                    continue;
                }
                License license = new License();
                Optional<String> id = SpdxLicenses.id(l);
                if (id.isPresent()) {
                    license.setId(id.get());
                } else {
                    license.setName(text.apply(l.trim()));
                }
                choice.addLicense(license);
            }
            if (choice.getLicenses() != null && !choice.getLicenses().isEmpty()) {
                c.setLicenses(choice);
            }
        }
        List<Property> props = new ArrayList<>();
        p.layer().ifPresent(d -> props.add(new Property(LAYER, d.toString())));
        if (!p.path().isEmpty()) {
            props.add(new Property(PATH, text.apply(p.path())));
        }
        p.source().ifPresent(s -> {
            props.add(new Property(SOURCE, text.apply(s.name())));
            props.add(new Property(SOURCE_VERSION, text.apply(s.version())));
        });
        if (!props.isEmpty()) {
            c.setProperties(props);
        }
        return c;
    }

    /** The image (type container, version = digest, an OCI PURL) or directory (type file). */
    private Component subject(Sbom.Subject s) {
        Component c = new Component();
        c.setType(s.container() ? Component.Type.CONTAINER : Component.Type.FILE);
        c.setName(text.apply(s.name()));
        s.digest().ifPresent(d -> c.setVersion(d.toString()));
        Optional<String> purl = s.container() ? s.digest().flatMap(d -> ociPurl(s.name(), d)) : Optional.empty();
        purl.ifPresent(c::setPurl);
        c.setBomRef(ref(purl.orElse((s.container() ? "image:" : "dir:") + s.name()), ""));
        edges(c.getBomRef());
        if (!s.layers().isEmpty()) {
            c.setProperties(s.layers().stream().map(l -> new Property(IMAGE_LAYER, l.toString())).toList());
        }
        return c;
    }

    /**
     * {@code pkg:oci/app@sha256%3A…?repository_url=registry/demo/app} as trivy writes it; the
     * repository URL only when the name starts with a registry host (not for a layout path).
     */
    static Optional<String> ociPurl(String name, Digest digest) {
        String repo = name;
        int at = repo.indexOf('@');
        if (at >= 0) {
            repo = repo.substring(0, at);
        }
        int slash = repo.lastIndexOf('/');
        int colon = repo.lastIndexOf(':');
        if (colon > slash) {
            repo = repo.substring(0, colon);
        }
        String last = repo.substring(repo.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "");
        if (last.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<String, String> qualifiers = new TreeMap<>();
        if (repo.contains("/") && REGISTRY_HOST.matcher(repo).matches()) {
            qualifiers.put("repository_url", repo);
        }
        return Optional.of(new Purls.Purl("oci", Optional.empty(), last, Optional.of(digest.toString()), qualifiers, Optional.empty()).canonical());
    }

    /**
     * The PURL if it is a valid URI whose escapes decode to UTF-8, else empty. packageurl-java 1.5.0
     * (no longer used here) writes bytes below 0x10 as {@code %7} (not {@code %07}) and bytes above 0x7f sign-extended
     * ({@code %FFFFFFC3}); neither names the package, and the first breaks the CycloneDX XML schema.
     */
    static String validPurl(String purl) {
        if (purl.isEmpty()) {
            return purl;
        }
        try {
            new java.net.URI(purl);
        } catch (java.net.URISyntaxException e) {
            return "";
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < purl.length(); i++) {
            char c = purl.charAt(i);
            if (c == '%') {
                if (i + 2 >= purl.length()) {
                    return "";
                }
                bytes.write(java.util.HexFormat.fromHexDigits(purl, i + 1, i + 3));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return "";
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            return purl;
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }

    private static String fallbackRef(Package p) {
        return "cairn:" + p.ecosystem().purlType() + "/" + p.namespace().map(n -> n + "/").orElse("") + p.name()
                + (p.version().isEmpty() ? "" : "@" + p.version());
    }

    /** A bom-ref unique in this document: the candidate, else with the path, else numbered. */
    private String ref(String candidate, String path) {
        String c = text.apply(candidate);
        if (usedRefs.add(c)) {
            return c;
        }
        String withPath = path.isEmpty() ? c : c + "#" + text.apply(path);
        if (usedRefs.add(withPath)) {
            return withPath;
        }
        for (int n = 2; ; n++) {
            String numbered = withPath + "#" + n;
            if (usedRefs.add(numbered)) {
                return numbered;
            }
        }
    }

    private Set<String> edges(String ref) {
        return dependencies.computeIfAbsent(ref, r -> new LinkedHashSet<>());
    }
}
