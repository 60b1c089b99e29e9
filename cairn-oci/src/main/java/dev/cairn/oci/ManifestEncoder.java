package dev.cairn.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes manifests field by field in the order of the OCI Go structs (which is what cosign and
 * crane emit), with annotation keys sorted as Go sorts map keys, so equal content gives equal digests.
 */
final class ManifestEncoder {
    private ManifestEncoder() {
    }

    static byte[] encode(Manifest manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = ManifestParser.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", 2);
            g.writeStringField("mediaType", manifest.mediaType());
            if (manifest.artifactType().isPresent()) {
                g.writeStringField("artifactType", manifest.artifactType().get());
            }
            switch (manifest) {
                case Manifest.Image image -> {
                    g.writeFieldName("config");
                    descriptor(g, image.config());
                    array(g, "layers", image.layers());
                }
                case Manifest.Index index -> array(g, "manifests", index.manifests());
            }
            if (manifest.subject().isPresent()) {
                g.writeFieldName("subject");
                descriptor(g, manifest.subject().get());
            }
            annotations(g, manifest.annotations());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void array(JsonGenerator g, String field, List<Descriptor> descriptors) throws IOException {
        g.writeArrayFieldStart(field);
        for (Descriptor d : descriptors) {
            descriptor(g, d);
        }
        g.writeEndArray();
    }

    static void descriptor(JsonGenerator g, Descriptor d) throws IOException {
        g.writeStartObject();
        g.writeStringField("mediaType", d.mediaType());
        g.writeStringField("digest", d.digest().toString());
        g.writeNumberField("size", d.size());
        annotations(g, d.annotations());
        if (d.platform().isPresent()) {
            platform(g, d.platform().get());
        }
        if (d.artifactType().isPresent()) {
            g.writeStringField("artifactType", d.artifactType().get());
        }
        g.writeEndObject();
    }

    private static void platform(JsonGenerator g, Platform p) throws IOException {
        g.writeObjectFieldStart("platform");
        g.writeStringField("architecture", p.architecture());
        g.writeStringField("os", p.os());
        if (p.variant().isPresent()) {
            g.writeStringField("variant", p.variant().get());
        }
        g.writeEndObject();
    }

    private static void annotations(JsonGenerator g, Map<String, String> annotations) throws IOException {
        if (annotations.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("annotations");
        for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** An empty OCI index, the starting point of a referrers fallback tag. */
    static Manifest.Index emptyIndex() {
        return new Manifest.Index(MediaTypes.OCI_INDEX, List.of(), java.util.Optional.empty(), java.util.Optional.empty(), Map.of());
    }
}
