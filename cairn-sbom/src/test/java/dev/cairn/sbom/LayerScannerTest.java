package dev.cairn.sbom;

import dev.cairn.sbom.os.DpkgCataloger;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** One layer's tar stream through the scanner, without an image around it. */
class LayerScannerTest {
    /**
     * 300,000 files streamed from a writer thread (never held as a whole): the scan completes and
     * the squash state remembers only the handful of wanted paths, not every path it met.
     */
    @Test
    void layerWithHundredsOfThousandsOfFilesUsesBoundedMemory() throws Exception {
        int files = 300_000;
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream pipe = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (TarBuilder tar = new TarBuilder(pipe)) {
                for (int i = 0; i < files; i++) {
                    tar.file("usr/share/many/dir" + (i % 1000) + "/file" + i + ".txt", "x");
                    if (i % 100_000 == 0) {
                        tar.file("var/lib/dpkg/status.d/pkg" + i, StatusFiles.paragraph("pkg" + i, "1.0"));
                        tar.file("var/lib/dpkg/.wh.old" + i, "");
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Collector out = new Collector();
        DpkgCataloger dpkg = new DpkgCataloger();
        FileDispatch dispatch = new FileDispatch(List.of(dpkg), out, SbomGenerator.Progress.none());
        Overlay.Squashed overlay = new Overlay.Squashed();
        new LayerScanner(dispatch, out, LayerScanner.MAX_ENTRIES).scan(in, Optional.empty(), overlay);
        writer.join();
        dispatch.finish();
        assertThat(out.packages()).extracting(Package::name).containsExactlyInAnyOrder("pkg0", "pkg100000", "pkg200000");
        assertThat(overlay.seenPaths()).containsExactlyInAnyOrder("var/lib/dpkg/status.d/pkg0", "var/lib/dpkg/status.d/pkg100000", "var/lib/dpkg/status.d/pkg200000");
        assertThat(overlay.whiteouts()).isEqualTo(3);
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void gnuBase256SizeAndPaxSizeAreHonoured() throws Exception {
        byte[] header = TarBuilder.header("big", 0, '0', "");
        // base-256 size of 3 with the high bit set, checksum recomputed
        java.util.Arrays.fill(header, 124, 136, (byte) 0);
        header[124] = (byte) 0x80;
        header[135] = 3;
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, header, 148, 8);
        var bytes = new java.io.ByteArrayOutputStream();
        bytes.write(header);
        bytes.write("abc".getBytes());
        bytes.write(new byte[509]);
        bytes.write(new byte[1024]);
        TarReader reader = new TarReader(new java.io.ByteArrayInputStream(bytes.toByteArray()), 10);
        TarEntry e = reader.next().orElseThrow();
        assertThat(e.size()).isEqualTo(3);
        assertThat(new String(reader.content().readAllBytes())).isEqualTo("abc");
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void paxHeaderLongerThanItsDataIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TarReader.PaxHeaders.parse("99 path=x\n".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("malformed PAX");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TarReader.PaxHeaders.parse("12 size=-x\n".getBytes()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pathsAreNormalisedAndTraversalRefused() {
        assertThat(LayerPaths.normalise("./etc/os-release")).contains("etc/os-release");
        assertThat(LayerPaths.normalise("/var//lib/./dpkg/status")).contains("var/lib/dpkg/status");
        assertThat(LayerPaths.normalise("usr/share/doc/")).contains("usr/share/doc");
        assertThat(LayerPaths.normalise("../etc/passwd")).isEmpty();
        assertThat(LayerPaths.normalise("a/../../b")).isEmpty();
        assertThat(LayerPaths.normalise("a/b/..")).isEmpty();
        assertThat(LayerPaths.normalise("./")).isEmpty();
        assertThat(LayerPaths.normalise("a\0b")).isEmpty();
        assertThat(LayerPaths.normalise("x".repeat(5000))).isEmpty();
        assertThat(LayerPaths.normalise("..foo/bar")).contains("..foo/bar");
    }
}
