package dev.cairn.sbom;

import dev.cairn.model.CairnException;
import dev.cairn.oci.ImageTarget;
import dev.cairn.sbom.SbomGenerator.Scope;
import dev.cairn.sbom.os.OsReleaseCataloger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline on synthetic images: whiteouts, scopes, layer attribution, and the attacks a layer can carry. */
class SbomGeneratorTest {
    @TempDir
    Path tmp;

    private static SbomGenerator generator() {
        return new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none());
    }

    private static List<String> names(Sbom sbom) {
        return sbom.packages().stream().map(p -> p.name() + "@" + p.version()).toList();
    }

    @Test
    void squashedScanTakesTheTopmostStatusFileAndAttributesItsLayer() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("bash", "5.1-1")),
                t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("bash", "5.2-1") + StatusFiles.paragraph("curl", "7.88.1-10")))) {
            Sbom squashed = generator().fromImage(image, Scope.SQUASHED);
            assertThat(names(squashed)).containsExactly("bash@5.2-1", "curl@7.88.1-10");
            assertThat(squashed.packages()).allSatisfy(p -> assertThat(p.layer()).contains(squashed.subject().layers().get(1)));
            assertThat(squashed.subject().digest()).isPresent();
            assertThat(squashed.subject().container()).isTrue();

            Sbom all = generator().fromImage(image, Scope.ALL_LAYERS);
            assertThat(names(all)).containsExactly("bash@5.1-1", "bash@5.2-1", "curl@7.88.1-10");
            assertThat(all.packages().get(0).layer()).contains(all.subject().layers().get(0));
        }
    }

    /** app-2 style: an upper layer deletes a file with {@code .wh.<name>}; squashed it is gone, all-layers still sees it. */
    @Test
    void whiteoutHidesTheFileFromLowerLayers() throws Exception {
        RecordingCataloger[] recorder = new RecordingCataloger[1];
        SbomGenerator g = new SbomGenerator(() -> List.of(recorder[0] = new RecordingCataloger("etc/motd", "etc/issue", "app/lib/a.jar")), SbomGenerator.Progress.none());
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.dir("etc/").file("etc/motd", "hello").file("etc/issue", "Debian").file("app/lib/a.jar", "jar"),
                t -> t.file("etc/.wh.motd", "").file("app/lib/.wh..wh..opq", ""),
                t -> t.file("app/lib/a.jar", "jar again, above the opaque dir"))) {
            g.fromImage(image, Scope.SQUASHED);
            assertThat(recorder[0].seen).extracting(RecordingCataloger.Seen::path, RecordingCataloger.Seen::content)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("etc/issue", "Debian"),
                            org.assertj.core.groups.Tuple.tuple("app/lib/a.jar", "jar again, above the opaque dir"));
            g.fromImage(image, Scope.ALL_LAYERS);
            assertThat(recorder[0].paths()).containsExactly("etc/motd", "etc/issue", "app/lib/a.jar", "app/lib/a.jar");
        }
    }

    @Test
    void opaqueDirectoryAndDeletedParentHideLowerFilesButNotSiblingsInTheSameLayer() throws Exception {
        RecordingCataloger[] recorder = new RecordingCataloger[1];
        SbomGenerator g = new SbomGenerator(() -> List.of(recorder[0] = new RecordingCataloger("var/lib/dpkg/status", "opt/x/conf", "opt/y/conf")),
                SbomGenerator.Progress.none());
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("var/lib/dpkg/status", "old").file("opt/x/conf", "x").file("opt/y/conf", "y"),
                // the opaque marker hides the lower status, but the status written beside it in this layer stays
                t -> t.file("var/lib/dpkg/status", "new").file("var/lib/dpkg/.wh..wh..opq", "").file("opt/.wh.x", ""))) {
            g.fromImage(image, Scope.SQUASHED);
            assertThat(recorder[0].seen).extracting(RecordingCataloger.Seen::path, RecordingCataloger.Seen::content)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("var/lib/dpkg/status", "new"),
                            org.assertj.core.groups.Tuple.tuple("opt/y/conf", "y"));
        }
    }

    @Test
    void gnuLongNamesAndPaxPathsAreRead() throws Exception {
        String deep = "var/" + "d".repeat(120) + "/../lib";
        RecordingCataloger[] recorder = new RecordingCataloger[1];
        String longPath = "opt/" + "a".repeat(150) + "/status";
        String paxPath = "srv/" + "b".repeat(150) + "/ünïcode";
        SbomGenerator g = new SbomGenerator(() -> List.of(recorder[0] = new RecordingCataloger(longPath, paxPath)), SbomGenerator.Progress.none());
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.gnuLongName(longPath, "long").paxPath(paxPath, "pax").gnuLongName(deep, "x"))) {
            Sbom sbom = g.fromImage(image, Scope.SQUASHED);
            assertThat(recorder[0].paths()).containsExactly(longPath, paxPath);
            assertThat(sbom.warnings()).anyMatch(w -> w.contains("with '..'"));
        }
    }

    @Test
    void uncompressedLayersAreRead() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), false, t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("zlib1g", "1:1.2.13.dfsg-1")))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.packages()).singleElement().satisfies(p -> {
                assertThat(p.version()).isEqualTo("1.2.13.dfsg-1");
                assertThat(p.qualifiers()).containsEntry("epoch", "1");
            });
        }
    }

    @Test
    void pathTraversalEntryIsNotCatalogued() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("../../var/lib/dpkg/status", StatusFiles.paragraph("evil", "1.0"))
                        .file("tmp/../var/lib/dpkg/status", StatusFiles.paragraph("evil2", "1.0"))
                        .file("./var/lib/dpkg/status.d/good", StatusFiles.paragraph("good", "1.0")))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(names(sbom)).containsExactly("good@1.0");
            assertThat(sbom.warnings()).anyMatch(w -> w.contains("2 tar entries with '..'"));
        }
    }

    @Test
    void symlinkEscapingRootIsNotFollowed() throws Exception {
        // in a layer: the wanted path is a symlink to an absolute path and to ../..; neither is read, and
        // the symlink in the upper layer hides the lower real file as it would in the container
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("lower", "1.0")).file("etc/shadow", StatusFiles.paragraph("shadow", "1.0")),
                t -> t.symlink("var/lib/dpkg/status", "/etc/shadow").symlink("var/lib/dpkg/status.d/x", "../../../../../../etc/shadow")
                        .hardlink("lib/apk/db/installed", "etc/shadow"))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.packages()).isEmpty();
            assertThat(sbom.warnings()).anyMatch(w -> w.startsWith("lib/apk/db/installed: is a hard link"));
        }
        // in a directory: a symlinked status file and a symlinked directory pointing outside are not followed
        Path outside = Files.createDirectories(tmp.resolve("outside/dpkg"));
        Files.writeString(outside.resolve("status"), StatusFiles.paragraph("outside", "1.0"));
        Path root = Files.createDirectories(tmp.resolve("root/var/lib"));
        Files.createSymbolicLink(root.resolve("dpkg"), outside);
        Path apk = Files.createDirectories(tmp.resolve("root/lib/apk/db"));
        Files.createSymbolicLink(apk.resolve("installed"), outside.resolve("status"));
        Sbom dir = generator().fromDirectory(tmp.resolve("root"));
        assertThat(dir.packages()).isEmpty();
    }

    @Test
    void truncatedLayerYieldsWarningNotCrash() throws Exception {
        String status = StatusFiles.paragraph("bash", "5.2-1");
        byte[] full;
        try (var bytes = new java.io.ByteArrayOutputStream(); TarBuilder t = new TarBuilder(bytes)) {
            t.file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").file("var/lib/dpkg/status", status + "x".repeat(5000));
            bytes.flush();
            full = bytes.toByteArray();
        }
        byte[] cut = java.util.Arrays.copyOf(full, 1024 + 512 + 2048); // inside the status file's data
        byte[] cutHeader = java.util.Arrays.copyOf(full, 1024 + 100); // inside the second header
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.noEndMarker().raw(cut), t -> t.noEndMarker().raw(cutHeader))) {
            Sbom sbom = generator().fromImage(image, Scope.ALL_LAYERS);
            assertThat(sbom.os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("debian-12"));
            assertThat(sbom.warnings()).anyMatch(w -> w.contains("layer 1/2") && w.contains("truncated"))
                    .anyMatch(w -> w.contains("layer 2/2") && w.contains("truncated"));
        }
    }

    @Test
    void hugeFileIsSkippedWithWarning() throws Exception {
        long size = 100L * 1024 * 1024;
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("var/lib/dpkg/status", size, repeating(StatusFiles.paragraph("bash", "5.2-1"), size))
                        .file("var/lib/dpkg/status.d/small", StatusFiles.paragraph("small", "1.0")))) {
            long before = usedHeap();
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(names(sbom)).containsExactly("small@1.0");
            assertThat(sbom.warnings()).anyMatch(w -> w.equals("var/lib/dpkg/status: dpkg: file of " + size + " bytes is larger than "
                    + Cataloger.DEFAULT_MAX_BYTES + " bytes, skipped"));
            assertThat(usedHeap() - before).isLessThan(size / 2);
        }
    }

    @Test
    void binaryGarbageStatusFileYieldsWarning() throws Exception {
        byte[] garbage = new byte[200_000];
        new java.util.Random(42).nextBytes(garbage);
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.file("var/lib/dpkg/status", garbage)
                .file("lib/apk/db/installed", garbage).file("etc/os-release", garbage))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.packages()).isEmpty();
            assertThat(sbom.os()).isEmpty();
            assertThat(sbom.warnings()).filteredOn(w -> w.startsWith("var/lib/dpkg/status:")).singleElement()
                    .satisfies(w -> assertThat(w).contains("not a text database"));
            assertThat(sbom.warnings()).filteredOn(w -> w.startsWith("lib/apk/db/installed:")).hasSize(1);
        }
    }

    @Test
    void corruptHeaderChecksumYieldsWarning() throws Exception {
        byte[] bad = TarBuilder.header("var/lib/dpkg/status", 10, '0', "");
        bad[0] = 'w'; // checksum no longer matches
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.raw(bad).raw(new byte[512]))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.warnings()).singleElement().satisfies(w -> assertThat(w).contains("layer 1/1").contains("checksum"));
        }
    }

    @Test
    void zstdLayerIsRefusedWithWarning() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), false,
                t -> t.noEndMarker().raw(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3, 4}))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.warnings()).singleElement().satisfies(w -> assertThat(w).contains("zstd"));
        }
    }

    @Test
    void entryCountLimitStopsTheLayerWithWarning() throws Exception {
        SbomGenerator g = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none(), 100, SbomGenerator.MAX_LAYER_BYTES);
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> {
            for (int i = 0; i < 150; i++) {
                t.file("f" + i, "");
            }
        })) {
            assertThat(g.fromImage(image, Scope.SQUASHED).warnings()).singleElement().satisfies(w -> assertThat(w).contains("more than 100 entries"));
        }
    }

    /** 200 MB of zeros gzip to a few hundred KB; the decompressed byte count stops the layer, not the declared sizes. */
    @Test
    void decompressionBombIsStoppedByByteCount() throws Exception {
        long size = 200L * 1024 * 1024;
        SbomGenerator g = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none(), LayerScanner.MAX_ENTRIES, 16L * 1024 * 1024);
        try (ImageTarget image = TestImages.image(tmp.resolve("img"),
                t -> t.file("var/lib/dpkg/status.d/a", StatusFiles.paragraph("a", "1")).file("zeros", size, repeating("\0", size))
                        .file("var/lib/dpkg/status.d/b", StatusFiles.paragraph("b", "1")))) {
            assertThat(image.resolve().image().layers().get(0).size()).isLessThan(1024 * 1024);
            Sbom sbom = g.fromImage(image, Scope.SQUASHED);
            assertThat(names(sbom)).containsExactly("a@1");
            assertThat(sbom.warnings()).singleElement().satisfies(w -> assertThat(w).contains("layer 1/1").contains("larger than 16777216 bytes"));
        }
    }

    @Test
    void tamperedLayerBlobIsAFailureNotAWarning() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("bash", "5.2-1")))) {
            Path blobs = tmp.resolve("img/blobs/sha256");
            String layerHex = image.resolve().image().layers().get(0).digest().hex();
            Path blob = blobs.resolve(layerHex);
            byte[] bytes = Files.readAllBytes(blob);
            // same length, different content: recompress a different status
            var other = new java.io.ByteArrayOutputStream();
            try (TarBuilder t = new TarBuilder(new java.util.zip.GZIPOutputStream(other))) {
                t.file("var/lib/dpkg/status", StatusFiles.paragraph("evil", "6.6-6"));
            }
            byte[] evil = java.util.Arrays.copyOf(other.toByteArray(), bytes.length);
            blob.toFile().setWritable(true);
            Files.write(blob, evil);
            assertThatThrownBy(() -> generator().fromImage(image, Scope.SQUASHED)).isInstanceOf(CairnException.class).hasMessageContaining(layerHex);
        }
    }

    @Test
    void severalCatalogersWantingOneFileEachGetTheirOwnRead() throws Exception {
        RecordingCataloger[] a = new RecordingCataloger[1];
        RecordingCataloger[] b = new RecordingCataloger[1];
        SbomGenerator g = new SbomGenerator(() -> List.of(a[0] = new RecordingCataloger("etc/os-release"), new OsReleaseCataloger(),
                b[0] = new RecordingCataloger("etc/os-release")), SbomGenerator.Progress.none());
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"))) {
            Sbom sbom = g.fromImage(image, Scope.SQUASHED);
            assertThat(a[0].seen).singleElement().satisfies(s -> assertThat(s.content()).startsWith("ID=alpine"));
            assertThat(b[0].seen).singleElement().satisfies(s -> assertThat(s.content()).startsWith("ID=alpine"));
            assertThat(sbom.os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("alpine-3.19.1"));
        }
    }

    @Test
    void progressIsReported() throws Exception {
        List<String> events = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        SbomGenerator.Progress progress = new SbomGenerator.Progress() {
            @Override
            public void layerStarted(int index, int total, long compressedBytes) {
                events.add("layer " + index + "/" + total);
            }

            @Override
            public void bytesRead(long n) {
                bytes.addAndGet(n);
            }

            @Override
            public void packagesFound(int count) {
                events.add("packages " + count);
            }
        };
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("bash", "5.2-1")),
                t -> t.file("x", "y"))) {
            new SbomGenerator(Catalogers::all, progress).fromImage(image, Scope.SQUASHED);
            long compressed = image.resolve().image().layers().stream().mapToLong(d -> d.size()).sum();
            assertThat(events).containsExactly("layer 1/2", "layer 0/2", "packages 1");
            assertThat(bytes.get()).isEqualTo(compressed);
        }
    }

    @Test
    void directorySourceUsesTheSameCatalogers() throws Exception {
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("usr/share/doc/bash"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), StatusFiles.paragraph("bash", "5.2-1"));
        Files.writeString(root.resolve("usr/lib/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
        Files.writeString(root.resolve("usr/share/doc/bash/copyright"), "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-3+\n\nLicense: GPL-3+\n text\n");
        Sbom sbom = generator().fromLocation("dir:" + root, dev.cairn.oci.OciOptions.defaults(), Scope.SQUASHED);
        assertThat(sbom.subject().container()).isFalse();
        assertThat(sbom.os()).hasValueSatisfying(os -> assertThat(os.distro()).isEqualTo("debian-12"));
        assertThat(sbom.packages()).singleElement().satisfies(p -> {
            assertThat(p.layer()).isEmpty();
            assertThat(p.licenses()).containsExactly("GPL-3+");
            assertThat(Purls.of(p, sbom.os())).isEqualTo("pkg:deb/debian/bash@5.2-1?arch=amd64&distro=debian-12");
        });
        assertThatThrownBy(() -> generator().fromDirectory(tmp.resolve("missing"))).isInstanceOf(CairnException.class);
    }

    @Test
    void withoutOsReleaseDebPackagesStillGetTheDebianNamespace() throws Exception {
        try (ImageTarget image = TestImages.image(tmp.resolve("img"), t -> t.file("var/lib/dpkg/status", StatusFiles.paragraph("bash", "5.2-1")))) {
            Sbom sbom = generator().fromImage(image, Scope.SQUASHED);
            assertThat(sbom.os()).isEmpty();
            assertThat(Purls.of(sbom.packages().get(0), sbom.os())).isEqualTo("pkg:deb/debian/bash@5.2-1?arch=amd64");
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** {@code size} bytes of {@code text} repeated, generated as read. */
    static InputStream repeating(String text, long size) {
        byte[] unit = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos >= size) {
                    return -1;
                }
                return unit[(int) (pos++ % unit.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = unit[(int) ((pos + i) % unit.length)];
                }
                pos += n;
                return n;
            }
        };
    }
}
