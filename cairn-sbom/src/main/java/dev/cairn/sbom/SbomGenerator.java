package dev.cairn.sbom;

import dev.cairn.model.CairnException;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Digest;
import dev.cairn.model.Manifest;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.Limits;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes an SBOM from an image (registry, {@code oci:} layout, {@code docker-archive:}) or a
 * directory. Layers are streamed once each, never unpacked; only files some cataloger wants are
 * read, each within that cataloger's {@link Cataloger#maxBytes()}. Damaged input (a truncated
 * layer, a zstd layer, a file too large) costs what it must and becomes a warning in the SBOM;
 * a blob whose digest does not match, or an image that cannot be resolved, is a failure.
 */
public final class SbomGenerator {
    /** Decompressed bytes per layer; generous, since per-file limits do the real work while streaming. */
    static final long MAX_LAYER_BYTES = 32L * 1024 * 1024 * 1024;
    public static final String DIR_PREFIX = "dir:";

    private final Supplier<List<Cataloger>> catalogers;
    private final Progress progress;
    private final int maxEntriesPerLayer;
    private final long maxLayerBytes;

    /** {@code catalogers} is asked for fresh instances for every scan (they keep state across files). */
    public SbomGenerator(Supplier<List<Cataloger>> catalogers, Progress progress) {
        this(catalogers, progress, LayerScanner.MAX_ENTRIES, MAX_LAYER_BYTES);
    }

    /** With other limits, for tests. */
    SbomGenerator(Supplier<List<Cataloger>> catalogers, Progress progress, int maxEntriesPerLayer, long maxLayerBytes) {
        this.catalogers = Objects.requireNonNull(catalogers, "catalogers");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.maxEntriesPerLayer = maxEntriesPerLayer;
        this.maxLayerBytes = maxLayerBytes;
    }

    /** Which files of an image count. */
    public enum Scope {
        /** The filesystem a container sees: upper layers hide and delete lower files. */
        SQUASHED,
        /** Every layer's files, deleted or overwritten or not (finds what a later layer only hid). */
        ALL_LAYERS
    }

    /** Where a long scan is; called on the scanning thread, so implementations must be quick. */
    public interface Progress {
        /** {@code index} is the manifest position of the layer (0 = bottom); squashed scans go top-down. */
        void layerStarted(int index, int total, long compressedBytes);

        /** Compressed bytes read since the last call. */
        void bytesRead(long n);

        /** Packages found so far. */
        void packagesFound(int count);

        static Progress none() {
            return new Progress() {
                @Override
                public void layerStarted(int index, int total, long compressedBytes) {
                }

                @Override
                public void bytesRead(long n) {
                }

                @Override
                public void packagesFound(int count) {
                }
            };
        }
    }

    /** {@code dir:PATH} scans a directory; anything else is an image location for {@link ImageTarget#open}. */
    public Sbom fromLocation(String location, OciOptions options, Scope scope) {
        if (location.startsWith(DIR_PREFIX)) {
            return fromDirectory(Path.of(location.substring(DIR_PREFIX.length())));
        }
        try (ImageTarget target = ImageTarget.open(location, options)) {
            return fromImage(target, scope);
        }
    }

    public Sbom fromImage(ImageTarget target, Scope scope) {
        ResolvedImage resolved = target.resolve();
        Manifest.Image image = resolved.image();
        List<Descriptor> layers = image.layers();
        if (layers.size() > Limits.MAX_ENTRIES) {
            throw CairnException.invalid(target.display() + " has " + layers.size() + " layers; at most " + Limits.MAX_ENTRIES + " are read");
        }
        List<Digest> diffIds = ImageConfig.diffIds(target.store().blob(image.config(), Limits.MAX_SMALL_DOCUMENT_BYTES), layers.size(), target.display());
        Scan scan = new Scan(catalogers.get());
        Overlay overlay = scope == Scope.SQUASHED ? new Overlay.Squashed() : new Overlay.AllLayers();
        int n = layers.size();
        for (int k = 0; k < n; k++) {
            int i = scope == Scope.SQUASHED ? n - 1 - k : k;
            try {
                scanLayer(target, layers.get(i), i, n, diffIds.get(i), overlay, scan);
            } finally {
                overlay.endLayer();
            }
        }
        scan.dispatch.finish();
        Sbom.Subject subject = new Sbom.Subject(target.display(), Optional.of(resolved.digest()), diffIds, true);
        return scan.sbom(subject);
    }

    public Sbom fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw CairnException.notFound(DIR_PREFIX + dir + " is not a directory");
        }
        Scan scan = new Scan(catalogers.get());
        try {
            new DirectoryScanner(scan.dispatch, scan.out).scan(dir);
        } catch (IOException e) {
            throw CairnException.io(DIR_PREFIX + dir + ": " + e.getMessage(), e);
        }
        scan.dispatch.finish();
        return scan.sbom(new Sbom.Subject(dir.toString(), Optional.empty(), List.of(), false));
    }

    private void scanLayer(ImageTarget target, Descriptor layer, int index, int total, Digest diffId, Overlay overlay, Scan scan) {
        String label = "layer " + (index + 1) + "/" + total + " (" + diffId.shortForm() + "…)";
        progress.layerStarted(index, total, layer.size());
        try (InputStream blob = target.store().openBlob(layer)) {
            CountingInputStream compressed = new CountingInputStream(blob, Long.MAX_VALUE, label, progress::bytesRead);
            try {
                switch (LayerDecoder.open(compressed, layer.mediaType())) {
                    case LayerDecoder.Decoded.Refused refused -> {
                        scan.out.warn("", label + ": " + refused.reason());
                        return;
                    }
                    case LayerDecoder.Decoded.Tar tar -> {
                        CountingInputStream decompressed = new CountingInputStream(tar.stream(), maxLayerBytes, label + " decompressed", x -> {
                        });
                        new LayerScanner(scan.dispatch, scan.out, maxEntriesPerLayer).scan(decompressed, Optional.of(diffId), overlay);
                    }
                }
            } catch (IOException e) {
                scan.out.warn("", label + ": " + e.getMessage() + "; files after that point were not catalogued");
            }
            // read the blob to its end, also after a damaged tar: the store checks the digest there, and
            // what was catalogued from this layer must not outlive a mismatch (which throws)
            compressed.transferTo(OutputSink.INSTANCE);
        } catch (IOException e) {
            scan.out.warn("", label + ": cannot read the layer blob: " + e.getMessage());
        }
    }

    /** The per-scan state: fresh catalogers, their emitter and the dispatcher between them. */
    private final class Scan {
        final Collector out = new Collector();
        final FileDispatch dispatch;

        Scan(List<Cataloger> catalogers) {
            dispatch = new FileDispatch(catalogers, out, progress);
        }

        Sbom sbom(Sbom.Subject subject) {
            List<Package> packages = new ArrayList<>(out.packages().size());
            for (Package p : out.packages()) {
                packages.add(out.os().isEmpty() && p.namespace().isEmpty() ? defaultNamespace(p) : p);
            }
            // catalogers emit in layer and file order; sorted, two scans of one image give identical SBOMs
            packages.sort(Comparator.comparing((Package p) -> p.ecosystem().ordinal()).thenComparing(Package::name)
                    .thenComparing(Package::version).thenComparing(Package::path));
            return new Sbom(subject, out.os(), packages, out.warnings(), Instant.now());
        }
    }

    /**
     * Without an os-release the PURL would have no namespace; a dpkg database is Debian's format
     * and an apk one Alpine's, so those are the defensible guesses (rpm has too many families).
     */
    private static Package defaultNamespace(Package p) {
        return switch (p.ecosystem()) {
            case DEB -> p.withNamespace("debian");
            case APK -> p.withNamespace("alpine");
            default -> p;
        };
    }

    /** Discards bytes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
