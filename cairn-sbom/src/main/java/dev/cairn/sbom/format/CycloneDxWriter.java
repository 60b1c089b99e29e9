package dev.cairn.sbom.format;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.sbom.Sbom;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * CycloneDX 1.6, JSON or XML. Our model is translated into cyclonedx-core-java's {@link Bom} and its
 * own generators write it, so the output follows the schema that library validates against.
 */
public final class CycloneDxWriter implements SbomWriter {
    private final boolean xml;

    private CycloneDxWriter(boolean xml) {
        this.xml = xml;
    }

    public static CycloneDxWriter json() {
        return new CycloneDxWriter(false);
    }

    public static CycloneDxWriter xml() {
        return new CycloneDxWriter(true);
    }

    @Override
    public String id() {
        return xml ? "cyclonedx-xml" : "cyclonedx-json";
    }

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        Objects.requireNonNull(sbom, "sbom");
        render(CycloneDxBoms.of(sbom, xml), out);
    }

    /** Writes several SBOMs as one document (see {@link SbomMerge}). */
    public void write(MergedSbom merged, OutputStream out) throws IOException {
        Objects.requireNonNull(merged, "merged");
        render(CycloneDxBoms.of(merged, xml), out);
    }

    private void render(Bom bom, OutputStream out) throws IOException {
        String text;
        try {
            text = xml
                    ? BomGeneratorFactory.createXml(Version.VERSION_16, bom).toXmlString()
                    : BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
        } catch (GeneratorException e) {
            throw new CairnException(ErrorCode.INTERNAL, "could not render CycloneDX " + (xml ? "XML" : "JSON") + ": " + e.getMessage(), e);
        }
        out.write(text.getBytes(StandardCharsets.UTF_8));
        if (!text.endsWith("\n")) {
            out.write('\n');
        }
        out.flush();
    }
}
