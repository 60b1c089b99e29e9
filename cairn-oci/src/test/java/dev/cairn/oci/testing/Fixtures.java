package dev.cairn.oci.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared image fixtures (a real OCI layout with tags {@code base}, {@code app-1}, {@code app-2}
 * and their expected digests in MANIFEST.json), found by walking up from the working directory
 * until a directory with {@code shared/fixtures} appears.
 */
public final class Fixtures {
    public static final List<String> TAGS = List.of("base", "app-1", "app-2");

    private Fixtures() {
    }

    /** {@code shared/fixtures/images}. */
    public static Path imagesDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve("images");
            }
        }
        throw new IllegalStateException("no shared/fixtures directory above " + dir + "; the image fixtures live in /work/shared/fixtures/images");
    }

    /** The fixture OCI image layout. */
    public static Path ociLayout() {
        return imagesDir().resolve("oci-layout");
    }

    /** MANIFEST.json, describing what the fixtures contain. */
    public static JsonNode manifestJson() {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(imagesDir().resolve("MANIFEST.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest digest of fixture image {@code name} ({@code base}, {@code app-1}, {@code app-2}). */
    public static Digest manifestDigest(String name) {
        return Digest.parse(manifestJson().path("images").path(name).path("manifestDigest").asText());
    }

    public static Digest configDigest(String name) {
        return Digest.parse(manifestJson().path("images").path(name).path("config").asText());
    }
}
