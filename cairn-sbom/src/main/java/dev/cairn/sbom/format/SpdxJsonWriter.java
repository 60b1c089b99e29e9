package dev.cairn.sbom.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;

import java.io.IOException;
import java.io.OutputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SPDX 2.3 JSON. Written directly with Jackson: the document is small and flat, and the SPDX Java
 * library would bring a large object model for the few fields written here.
 */
public final class SpdxJsonWriter implements SbomWriter {
    static final String NOASSERTION = "NOASSERTION";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String id() {
        return "spdx-json";
    }

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        Objects.requireNonNull(sbom, "sbom");
        MAPPER.writeValue(out, document(sbom));
        out.write('\n');
        out.flush();
    }

    ObjectNode document(Sbom sbom) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", sbom.subject().name());
        doc.put("documentNamespace", "https://cairn.dev/spdx/" + (sbom.subject().container() ? "image/" : "dir/")
                + uriSafe(sbom.subject().name()) + "-" + UUID.randomUUID());
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", sbom.created().truncatedTo(ChronoUnit.SECONDS).toString());
        creation.putArray("creators").add("Tool: cairn-" + Tool.version());

        Set<String> ids = new HashSet<>();
        ArrayNode packages = doc.putArray("packages");
        ArrayNode relationships = MAPPER.createArrayNode();
        Map<String, String> extracted = new LinkedHashMap<>();

        Sbom.Subject s = sbom.subject();
        String rootId = spdxId(ids, "SPDXRef-DocumentRoot-" + (s.container() ? "Image-" : "Directory-") + sanitise(s.name()));
        ObjectNode root = packages.addObject();
        root.put("SPDXID", rootId);
        root.put("name", s.name());
        s.digest().ifPresent(d -> root.put("versionInfo", d.toString()));
        root.put("downloadLocation", NOASSERTION);
        root.put("filesAnalyzed", false);
        root.put("licenseConcluded", NOASSERTION);
        root.put("licenseDeclared", NOASSERTION);
        root.put("copyrightText", NOASSERTION);
        root.put("supplier", NOASSERTION);
        s.digest().ifPresent(d -> {
            ObjectNode checksum = root.putArray("checksums").addObject();
            checksum.put("algorithm", d.algorithm().toUpperCase(java.util.Locale.ROOT));
            checksum.put("checksumValue", d.hex());
        });
        if (s.container()) {
            s.digest().flatMap(d -> CycloneDxBoms.ociPurl(s.name(), d)).ifPresent(p -> purlRef(root, p));
        }
        root.put("primaryPackagePurpose", s.container() ? "CONTAINER" : "FILE");
        relationship(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", rootId);

        sbom.os().ifPresent(os -> {
            String osId = spdxId(ids, "SPDXRef-OperatingSystem-" + sanitise(os.distro()));
            ObjectNode p = packages.addObject();
            p.put("SPDXID", osId);
            p.put("name", os.id());
            p.put("versionInfo", os.versionId());
            p.put("downloadLocation", NOASSERTION);
            p.put("filesAnalyzed", false);
            p.put("licenseConcluded", NOASSERTION);
            p.put("licenseDeclared", NOASSERTION);
            p.put("copyrightText", NOASSERTION);
            p.put("supplier", NOASSERTION);
            os.prettyName().ifPresent(n -> p.put("description", n));
            p.put("primaryPackagePurpose", "OPERATING_SYSTEM");
            relationship(relationships, rootId, "CONTAINS", osId);
        });

        List<Package> list = sbom.packages();
        List<String> pkgIds = new ArrayList<>(list.size());
        for (Package pkg : list) {
            String id = spdxId(ids, "SPDXRef-Package-" + pkg.ecosystem().purlType() + "-"
                    + pkg.namespace().map(n -> sanitise(n) + "-").orElse("") + sanitise(pkg.name())
                    + (pkg.version().isEmpty() ? "" : "-" + sanitise(pkg.version())));
            pkgIds.add(id);
            ObjectNode p = packages.addObject();
            p.put("SPDXID", id);
            p.put("name", pkg.name());
            if (!pkg.version().isEmpty()) {
                p.put("versionInfo", pkg.version());
            }
            p.put("downloadLocation", NOASSERTION);
            p.put("filesAnalyzed", false);
            p.put("licenseConcluded", NOASSERTION);
            p.put("licenseDeclared", declared(pkg.licenses(), extracted));
            p.put("copyrightText", NOASSERTION);
            p.put("supplier", NOASSERTION);
            pkg.source().ifPresent(src -> p.put("summary", "source package " + src.name() + " " + src.version()));
            if (!pkg.path().isEmpty()) {
                p.put("sourceInfo", "acquired package info from " + pkg.path()
                        + pkg.layer().map(l -> " in layer " + l).orElse(""));
            }
            String purl = CycloneDxBoms.validPurl(Purls.of(pkg, sbom.os()));
            if (!purl.isEmpty()) {
                purlRef(p, purl);
            }
            p.put("primaryPackagePurpose", "LIBRARY");
            relationship(relationships, rootId, "CONTAINS", id);
        }
        Graph graph = Graph.of(list);
        for (int i = 0; i < list.size(); i++) {
            for (int t : graph.edges.get(i)) {
                relationship(relationships, pkgIds.get(i), "DEPENDS_ON", pkgIds.get(t));
            }
        }
        if (!extracted.isEmpty()) {
            ArrayNode infos = doc.putArray("hasExtractedLicensingInfos");
            extracted.forEach((ref, name) -> {
                ObjectNode info = infos.addObject();
                info.put("licenseId", ref);
                info.put("name", name);
                info.put("extractedText", name);
            });
        }
        doc.set("relationships", relationships);
        return doc;
    }

    /**
     * The declared licenses as one SPDX expression: listed ids and valid expressions as they are
     * (canonically spelt), free text as a {@code LicenseRef-} recorded in {@code extracted}.
     */
    static String declared(List<String> licenses, Map<String, String> extracted) {
        Set<String> parts = new LinkedHashSet<>();
        for (String l : licenses) {
            if (l.isBlank()) {
                continue;
            }
            Optional<String> expr = SpdxLicenses.expression(l);
            if (expr.isPresent()) {
                String e = expr.get();
                parts.add(e.contains(" ") ? "(" + e + ")" : e);
            } else {
                String ref = SpdxLicenses.licenseRef(l.trim());
                extracted.putIfAbsent(ref, l.trim());
                parts.add(ref);
            }
        }
        if (parts.isEmpty()) {
            return NOASSERTION;
        }
        if (parts.size() == 1) {
            String only = parts.iterator().next();
            return only.startsWith("(") ? only.substring(1, only.length() - 1) : only;
        }
        return String.join(" AND ", parts);
    }

    private static void purlRef(ObjectNode p, String purl) {
        ObjectNode ref = p.putArray("externalRefs").addObject();
        ref.put("referenceCategory", "PACKAGE-MANAGER");
        ref.put("referenceType", "purl");
        ref.put("referenceLocator", purl);
    }

    private static void relationship(ArrayNode relationships, String from, String type, String to) {
        ObjectNode r = relationships.addObject();
        r.put("spdxElementId", from);
        r.put("relationshipType", type);
        r.put("relatedSpdxElement", to);
    }

    /** SPDX ids allow letters, digits, dots and dashes only. */
    static String sanitise(String s) {
        String out = s.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (out.length() > 80) {
            out = out.substring(0, 80);
        }
        return out.isEmpty() ? "x" : out;
    }

    private static String spdxId(Set<String> used, String candidate) {
        if (used.add(candidate)) {
            return candidate;
        }
        for (int n = 2; ; n++) {
            String numbered = candidate + "-" + n;
            if (used.add(numbered)) {
                return numbered;
            }
        }
    }

    private static String uriSafe(String s) {
        return sanitise(s);
    }
}
