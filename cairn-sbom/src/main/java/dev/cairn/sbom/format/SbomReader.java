package dev.cairn.sbom.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.PackageNames;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads CycloneDX JSON (ours, trivy's, syft's) and SPDX 2.x JSON into our {@link Sbom}, for merge and
 * diff. Input is untrusted: its size, nesting depth and component count are bounded, and duplicate
 * JSON keys are refused. What cannot be mapped (a component without a package URL of a known type,
 * a malformed digest) is skipped with a warning in {@link Sbom#warnings()}.
 */
public final class SbomReader {
    /** Bounds for hostile input. */
    public record Limits(long maxBytes, int maxDepth, int maxComponents) {
        public static final Limits DEFAULT = new Limits(256L * 1024 * 1024, 64, 500_000);

        public Limits {
            if (maxBytes <= 0 || maxDepth <= 0 || maxComponents <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private static final Pattern SOURCE_INFO = Pattern.compile("acquired package info from (.+?)(?: in layer (\\S+))?");
    private static final Pattern SYFT_SOURCE_INFO = Pattern.compile(".*?: /?([^,\\s]+).*");
    private static final Map<String, Ecosystem> BY_PURL_TYPE = new HashMap<>();

    static {
        for (Ecosystem e : Ecosystem.values()) {
            BY_PURL_TYPE.put(e.purlType(), e);
        }
    }

    /** Top-level CycloneDX components converted per task, when there are more than this. */
    private static final int SLICE = 512;
    private static final String MORE_WARNINGS = "more warnings left out";

    private final Limits limits;
    private final List<String> warnings = new ArrayList<>();
    /** Components and packages read so far, shared by the readers of one document's slices. */
    private final AtomicInteger components;

    private SbomReader(Limits limits) {
        this(limits, new AtomicInteger());
    }

    private SbomReader(Limits limits, AtomicInteger components) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.components = components;
    }

    public static Sbom read(InputStream in) throws IOException {
        return read(in, Limits.DEFAULT);
    }

    /** Reads one CycloneDX or SPDX JSON document; anything else is an invalid-input error. */
    public static Sbom read(InputStream in, Limits limits) throws IOException {
        return new SbomReader(limits).document(parse(in, limits));
    }

    private static JsonNode parse(InputStream in, Limits limits) throws IOException {
        byte[] bytes = readBounded(in, limits.maxBytes());
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(Math.toIntExact(Math.min(Integer.MAX_VALUE, Math.max(1_000_000, limits.maxBytes()))))
                        .maxNumberLength(100)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonNode root = JsonTree.read(parser);
            if (!root.isObject()) {
                throw CairnException.invalid("not an SBOM: the document is not a JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw CairnException.invalid("SBOM refused: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw CairnException.invalid("SBOM is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return Text.quotable(line);
    }

    private static byte[] readBounded(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw CairnException.invalid("SBOM refused: larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private Sbom document(JsonNode root) {
        if ("CycloneDX".equals(root.path("bomFormat").asText())) {
            return cycloneDx(root);
        }
        if (root.path("spdxVersion").asText().startsWith("SPDX-2.")) {
            return spdx(root);
        }
        throw CairnException.invalid("not a CycloneDX or SPDX 2.x JSON document (no bomFormat \"CycloneDX\" nor spdxVersion \"SPDX-2.x\")");
    }

    // ---------------------------------------------------------------- CycloneDX

    /** A component that maps to a package, with its bom-ref. */
    private record Found(String ref, Package pkg, Optional<String> distro) {
    }

    private Sbom cycloneDx(JsonNode root) {
        JsonNode metadata = root.path("metadata");
        List<Found> found = new ArrayList<>();
        List<OsRelease> oses = new ArrayList<>();
        cdxTopLevel(root.path("components"), found, oses);

        Map<String, Found> byRef = new LinkedHashMap<>();
        for (Found f : found) {
            if (f.ref().isEmpty()) {
                continue;
            }
            if (byRef.putIfAbsent(f.ref(), f) != null) {
                warn("duplicate bom-ref '" + Text.quotable(f.ref()) + "': its dependencies are attributed to the first component");
            }
        }
        Map<String, List<String>> dependsOn = new HashMap<>();
        int edges = 0;
        for (JsonNode d : root.path("dependencies")) {
            String ref = d.path("ref").asText();
            for (JsonNode on : d.path("dependsOn")) {
                if (++edges > limits.maxComponents() * 16L) {
                    throw CairnException.invalid("SBOM refused: more than " + limits.maxComponents() * 16L + " dependency edges");
                }
                dependsOn.computeIfAbsent(ref, r -> new ArrayList<>()).add(on.asText());
            }
        }
        Optional<OsRelease> os = oses.stream().findFirst().or(() -> found.stream()
                .flatMap(f -> f.distro().stream()).findFirst().flatMap(SbomReader::osFromDistro));
        List<Package> packages = new ArrayList<>(found.size());
        for (Found f : found) {
            Package p = f.pkg();
            Found owner = byRef.get(f.ref());
            if (owner == f) {
                List<String> names = new ArrayList<>();
                for (String target : dependsOn.getOrDefault(f.ref(), List.of())) {
                    Found t = byRef.get(target);
                    if (t != null && t.pkg().ecosystem() == p.ecosystem()) {
                        names.add(qualifiedName(t.pkg()));
                    }
                }
                p = p.withDependsOn(names);
            }
            packages.add(normaliseOs(p, f.distro(), os));
        }
        Sbom.Subject subject = cdxSubject(metadata.path("component"));
        return new Sbom(subject, os, packages, warnings, instant(metadata.path("timestamp").asText()));
    }

    /** What one reader made of a slice of the top-level components. */
    private record Slice(List<Found> found, List<OsRelease> oses, List<String> warnings) {
    }

    /**
     * The top-level components (and what they nest) in slices on all cores: on one thread this was a
     * third of reading a 5,000-component SBOM in a cold scan. Each slice has its own reader; the slices
     * are joined in document order, warnings included, so the result is the one a single pass makes.
     */
    private void cdxTopLevel(JsonNode components, List<Found> found, List<OsRelease> oses) {
        int slices = (components.size() + SLICE - 1) / SLICE;
        if (slices <= 1 || !components.isArray()) {
            cdxComponents(components, found, oses);
            return;
        }
        List<Slice> converted = IntStream.range(0, slices).parallel().mapToObj(i -> {
            SbomReader reader = new SbomReader(limits, this.components);
            Slice slice = new Slice(new ArrayList<>(), new ArrayList<>(), reader.warnings);
            int end = Math.min(components.size(), (i + 1) * SLICE);
            for (int at = i * SLICE; at < end; at++) {
                reader.cdxComponent(components.get(at), slice.found(), slice.oses());
            }
            return slice;
        }).toList();
        for (Slice slice : converted) {
            found.addAll(slice.found());
            oses.addAll(slice.oses());
            slice.warnings().stream().filter(w -> !w.equals(MORE_WARNINGS)).forEach(this::warn);
        }
    }

    private void cdxComponents(JsonNode components, List<Found> found, List<OsRelease> oses) {
        for (JsonNode c : components) {
            cdxComponent(c, found, oses);
        }
    }

    /** One component and those it nests. */
    private void cdxComponent(JsonNode c, List<Found> found, List<OsRelease> oses) {
        if (components.incrementAndGet() > limits.maxComponents()) {
            throw CairnException.invalid("SBOM refused: more than " + limits.maxComponents() + " components");
        }
        String type = c.path("type").asText();
        if (type.equals("operating-system")) {
            String id = c.path("name").asText().trim().toLowerCase(Locale.ROOT);
            if (!id.isEmpty()) {
                oses.add(new OsRelease(id, c.path("version").asText(), text(c.path("description")), Optional.empty()));
            }
        } else {
            cdxPackage(c).ifPresent(found::add);
        }
        cdxComponents(c.path("components"), found, oses);
    }

    private Optional<Found> cdxPackage(JsonNode c) {
        String purlText = c.path("purl").asText();
        String name = c.path("name").asText();
        if (purlText.isEmpty()) {
            String type = c.path("type").asText();
            if (!type.equals("container") && !type.equals("file") && !type.equals("application")) {
                warn("component '" + Text.quotable(name) + "' has no package URL; skipped");
            }
            return Optional.empty();
        }
        Optional<Purls.Purl> purl = purl(purlText);
        Optional<Ecosystem> ecosystem = purl.map(p -> BY_PURL_TYPE.get(p.type()));
        if (ecosystem.isEmpty()) {
            if (purl.isEmpty() || !purl.get().type().equals("oci")) {
                warn("component '" + Text.quotable(name) + "': package URL '" + Text.quotable(purlText) + "' is not of a known type; skipped");
            }
            return Optional.empty();
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (JsonNode p : c.path("properties")) {
            props.putIfAbsent(p.path("name").asText(), p.path("value").asText());
        }
        List<String> licenses = new ArrayList<>();
        for (JsonNode l : c.path("licenses")) {
            String text = l.path("expression").asText(l.path("license").path("id").asText(l.path("license").path("name").asText()));
            if (!text.isBlank()) {
                licenses.add(text);
            }
        }
        String path = first(props, CycloneDxBoms.PATH, "aquasecurity:trivy:FilePath", "syft:location:0:path");
        Optional<Digest> layer = digest(first(props, CycloneDxBoms.LAYER, "aquasecurity:trivy:LayerDiffID", "syft:location:0:layerID"));
        String source = first(props, CycloneDxBoms.SOURCE, "aquasecurity:trivy:SrcName");
        String sourceVersion = first(props, CycloneDxBoms.SOURCE_VERSION);
        if (sourceVersion.isEmpty()) {
            sourceVersion = trivySourceVersion(props);
        }
        Package pkg = fromPurl(purl.get(), ecosystem.get(), name, c.path("version").asText(), licenses, path, layer);
        if (pkg == null) {
            return Optional.empty();
        }
        if (!source.isEmpty()) {
            pkg = pkg.withSource(source, sourceVersion);
        }
        return Optional.of(new Found(c.path("bom-ref").asText(), pkg, Optional.ofNullable(purl.get().qualifiers().get("distro"))));
    }

    /**
     * trivy splits a source version into epoch, upstream version and release; advisories compare the
     * whole dpkg/rpm version ({@code 1:2.38.1-5+deb12u3}), so it is put back together here.
     */
    private static String trivySourceVersion(Map<String, String> props) {
        String version = first(props, "aquasecurity:trivy:SrcVersion");
        if (version.isEmpty()) {
            return version;
        }
        String release = first(props, "aquasecurity:trivy:SrcRelease");
        String epoch = first(props, "aquasecurity:trivy:SrcEpoch");
        return (epoch.isEmpty() || epoch.equals("0") ? "" : epoch + ":") + version + (release.isEmpty() ? "" : "-" + release);
    }

    private Sbom.Subject cdxSubject(JsonNode c) {
        if (c.isMissingNode() || c.isNull()) {
            return new Sbom.Subject("unknown", Optional.empty(), List.of(), false);
        }
        Map<String, List<String>> props = new HashMap<>();
        for (JsonNode p : c.path("properties")) {
            props.computeIfAbsent(p.path("name").asText(), k -> new ArrayList<>()).add(p.path("value").asText());
        }
        Optional<Digest> digest = quietDigest(c.path("version").asText());
        if (digest.isEmpty()) {
            digest = purl(c.path("purl").asText()).filter(p -> p.type().equals("oci")).flatMap(p -> quietDigest(p.version().orElse(null)));
        }
        if (digest.isEmpty()) {
            String repoDigest = props.getOrDefault("aquasecurity:trivy:RepoDigest", List.of("")).get(0);
            digest = quietDigest(repoDigest.substring(repoDigest.indexOf('@') + 1));
        }
        List<Digest> layers = new ArrayList<>();
        for (String l : props.getOrDefault(CycloneDxBoms.IMAGE_LAYER, List.of())) {
            digest(l).ifPresent(layers::add);
        }
        if (layers.isEmpty()) {
            for (String l : props.getOrDefault("aquasecurity:trivy:DiffID", List.of(""))) {
                for (String part : l.split(",")) {
                    if (!part.isBlank()) {
                        digest(part.trim()).ifPresent(layers::add);
                    }
                }
            }
        }
        String name = c.path("name").asText();
        return new Sbom.Subject(name.isEmpty() ? "unknown" : name, digest, layers, c.path("type").asText().equals("container"));
    }

    // ---------------------------------------------------------------- SPDX

    private Sbom spdx(JsonNode root) {
        Map<String, String> extracted = new HashMap<>();
        for (JsonNode info : root.path("hasExtractedLicensingInfos")) {
            String name = info.path("name").asText(info.path("extractedText").asText());
            extracted.put(info.path("licenseId").asText(), name);
        }
        List<String> described = new ArrayList<>();
        root.path("documentDescribes").forEach(n -> described.add(n.asText()));
        Map<String, List<String>> dependsOn = new HashMap<>();
        int edges = 0;
        for (JsonNode r : root.path("relationships")) {
            if (++edges > limits.maxComponents() * 16L) {
                throw CairnException.invalid("SBOM refused: more than " + limits.maxComponents() * 16L + " relationships");
            }
            String from = r.path("spdxElementId").asText();
            String to = r.path("relatedSpdxElement").asText();
            switch (r.path("relationshipType").asText()) {
                case "DESCRIBES" -> described.add(to);
                case "DESCRIBED_BY" -> described.add(from);
                case "DEPENDS_ON" -> dependsOn.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
                case "DEPENDENCY_OF" -> dependsOn.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
                default -> {
                }
            }
        }
        Map<String, Found> byId = new LinkedHashMap<>();
        Optional<OsRelease> os = Optional.empty();
        Sbom.Subject subject = null;
        for (JsonNode p : root.path("packages")) {
            if (components.incrementAndGet() > limits.maxComponents()) {
                throw CairnException.invalid("SBOM refused: more than " + limits.maxComponents() + " packages");
            }
            String id = p.path("SPDXID").asText();
            String name = p.path("name").asText();
            String purpose = p.path("primaryPackagePurpose").asText();
            Optional<Purls.Purl> purl = Optional.empty();
            for (JsonNode ref : p.path("externalRefs")) {
                if (ref.path("referenceType").asText().equals("purl")) {
                    purl = purl(ref.path("referenceLocator").asText());
                    break;
                }
            }
            if (purpose.equals("OPERATING_SYSTEM") || purpose.equals("OPERATING-SYSTEM")) {
                if (os.isEmpty() && !name.isBlank()) {
                    os = Optional.of(new OsRelease(name.trim().toLowerCase(Locale.ROOT), p.path("versionInfo").asText(), text(p.path("description")), Optional.empty()));
                }
                continue;
            }
            Optional<Ecosystem> ecosystem = purl.map(u -> BY_PURL_TYPE.get(u.type()));
            if (ecosystem.isEmpty() || described.contains(id)) {
                if (described.contains(id) && subject == null) {
                    boolean container = purpose.equals("CONTAINER") || purl.map(u -> u.type().equals("oci")).orElse(false);
                    Optional<Digest> digest = quietDigest(p.path("versionInfo").asText())
                            .or(() -> purl_version(p));
                    subject = new Sbom.Subject(name.isEmpty() ? "unknown" : name, digest, List.of(), container);
                } else if (!purpose.equals("CONTAINER") && !purpose.equals("FILE")) {
                    warn("package '" + Text.quotable(name) + "' has no package URL of a known type; skipped");
                }
                continue;
            }
            List<String> licenses = new ArrayList<>();
            String declared = p.path("licenseDeclared").asText();
            if (!declared.isBlank() && !declared.equals("NOASSERTION") && !declared.equals("NONE")) {
                licenses.add(extracted.getOrDefault(declared, declared));
            }
            String path = "";
            Optional<Digest> layer = Optional.empty();
            Matcher m = SOURCE_INFO.matcher(p.path("sourceInfo").asText());
            if (m.matches()) {
                path = m.group(1);
                layer = m.group(2) == null ? Optional.empty() : digest(m.group(2));
            } else {
                Matcher syft = SYFT_SOURCE_INFO.matcher(p.path("sourceInfo").asText());
                if (syft.matches()) {
                    path = syft.group(1);
                }
            }
            Package pkg = fromPurl(purl.get(), ecosystem.get(), name, p.path("versionInfo").asText(), licenses, path, layer);
            if (pkg != null) {
                byId.put(id, new Found(id, pkg, Optional.ofNullable(purl.get().qualifiers().get("distro"))));
            }
        }
        if (os.isEmpty()) {
            os = byId.values().stream().flatMap(f -> f.distro().stream()).findFirst().flatMap(SbomReader::osFromDistro);
        }
        List<Package> packages = new ArrayList<>();
        for (Found f : byId.values()) {
            List<String> names = new ArrayList<>();
            for (String target : dependsOn.getOrDefault(f.ref(), List.of())) {
                Found t = byId.get(target);
                if (t != null && t.pkg().ecosystem() == f.pkg().ecosystem()) {
                    names.add(qualifiedName(t.pkg()));
                }
            }
            packages.add(normaliseOs(f.pkg().withDependsOn(names), f.distro(), os));
        }
        if (subject == null) {
            subject = new Sbom.Subject(root.path("name").asText("unknown"), Optional.empty(), List.of(), false);
        }
        return new Sbom(subject, os, packages, warnings, instant(root.path("creationInfo").path("created").asText()));
    }

    private Optional<Digest> purl_version(JsonNode p) {
        for (JsonNode ref : p.path("externalRefs")) {
            Optional<Purls.Purl> u = purl(ref.path("referenceLocator").asText());
            if (u.isPresent() && u.get().type().equals("oci")) {
                return quietDigest(u.get().version().orElse(null));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- shared

    /** A package from its PURL; the component's own name is kept when it only differs in case or separators. */
    private Package fromPurl(Purls.Purl purl, Ecosystem ecosystem, String componentName, String componentVersion,
                             List<String> licenses, String path, Optional<Digest> layer) {
        String name = purl.name();
        if (!componentName.isBlank() && normalise(componentName).equals(normalise(name))) {
            name = componentName;
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        String version = purl.version().orElse(componentVersion);
        TreeMap<String, String> qualifiers = new TreeMap<>(purl.qualifiers());
        qualifiers.remove("distro");
        qualifiers.remove("file_path");
        String cleanPath = path.startsWith("/") ? path.substring(1) : path;
        Package p = new Package(ecosystem, purl.namespace(), name,
                version == null ? "" : version, qualifiers, Optional.empty(), licenses, cleanPath, layer, List.of());
        return p;
    }

    /** OS packages carry the distro in their PURL namespace; our model leaves it to the OS release. */
    private static Package normaliseOs(Package p, Optional<String> distro, Optional<OsRelease> os) {
        if (p.ecosystem().operatingSystem() && p.namespace().isPresent() && os.isPresent()
                && p.namespace().get().equalsIgnoreCase(os.get().id())) {
            return p.withNamespace(null);
        }
        return p;
    }

    private static String qualifiedName(Package p) {
        if (p.namespace().isEmpty() || p.ecosystem().operatingSystem()) {
            return p.name();
        }
        return p.namespace().get() + (p.ecosystem() == Ecosystem.MAVEN ? ":" : "/") + p.name();
    }

    private static String normalise(String name) {
        return PackageNames.pep503(name);
    }

    /** {@code debian-12.15} → debian 12.15. */
    private static Optional<OsRelease> osFromDistro(String distro) {
        int dash = distro.indexOf('-');
        if (dash <= 0 || dash == distro.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new OsRelease(distro.substring(0, dash).toLowerCase(Locale.ROOT), distro.substring(dash + 1), Optional.empty(), Optional.empty()));
    }

    private static Optional<Purls.Purl> purl(String text) {
        return Purls.tryParse(text);
    }

    private Optional<Digest> digest(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Digest> d = quietDigest(text);
        if (d.isEmpty()) {
            warn("ignored malformed layer digest '" + Text.quotable(text) + "'");
        }
        return d;
    }

    private static Optional<Digest> quietDigest(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(text));
        } catch (CairnException e) {
            return Optional.empty();
        }
    }

    private static String first(Map<String, String> props, String... names) {
        for (String n : names) {
            String v = props.get(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private void warn(String message) {
        if (warnings.size() < 1000) {
            warnings.add(message);
        } else if (warnings.size() == 1000) {
            warnings.add(MORE_WARNINGS);
        }
    }
}
