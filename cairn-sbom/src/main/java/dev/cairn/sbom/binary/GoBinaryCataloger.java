package dev.cairn.sbom.binary;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.Optional;

/**
 * Go modules compiled into executables, from the build info the Go linker embeds (Go 1.18+).
 *
 * <p>The file is read once, as a stream, never buffered whole: the ELF program headers at its start
 * name the writable segment where the linker puts {@code .go.buildinfo} first, the stream is skipped
 * to it and scanned at 16-byte alignment for the magic number, and reading stops as soon as the build
 * info is parsed. (The section headers sit at the end of the file, too late for one pass; Go's own
 * {@code debug/buildinfo} falls back to this same segment search.) PE and Mach-O files are scanned
 * whole at the same alignment; anything else is dropped after its first four bytes.
 *
 * <p>Reported, as syft does: the main module (its version {@code (devel)} when the binary was built
 * from a checkout, replaced by a pseudo-version {@code v0.0.0-<vcs.time>-<vcs.revision[:12]>} when the
 * VCS stamp is present), every {@code dep} (its replacement when that names a version; a directory
 * replacement keeps the original version, since the code is local and unversioned), and the toolchain
 * as {@code stdlib}. The stdlib version is written as Go module versions are, {@code go1.22.1} becoming
 * {@code v1.22.1} (trivy's choice; syft writes {@code 1.22.1} in its PURL), so all Go versions here have
 * one form; development toolchains ({@code devel ...}) yield no stdlib package. PURLs follow the spec
 * for golang: namespace is the module path up to its last slash.
 */
public final class GoBinaryCataloger implements Cataloger {
    private static final int HEAD = 4096;
    private static final int WINDOW = 64 * 1024;

    @Override
    public String name() {
        return "go-binary";
    }

    @Override
    public boolean wants(String path) {
        return Executables.candidate(path);
    }

    @Override
    public long maxBytes() {
        return 1L << 30;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        InputStream in = file.content();
        byte[] head = in.readNBytes(4);
        if (head.length < 4 || !(Elf.isElf(head) || isPe(head) || isMachO(head))) {
            return;
        }
        head = concat(head, in.readNBytes(HEAD - 4));
        long start = 0;
        long end = Long.MAX_VALUE;
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), in);
        if (Elf.isElf(head)) {
            Optional<Elf.Header> header = Elf.header(head);
            if (header.isEmpty()) {
                out.warn(file.path(), "ELF header is cut off or malformed");
                return;
            }
            Optional<Elf.Segment> data = writableSegment(header.get(), head);
            if (data.isPresent()) {
                start = data.get().offset() & ~(GoBuildInfo.ALIGN - 1L);
                end = data.get().offset() + data.get().fileSize();
            }
        }
        if (!Streams.skipFully(whole, start)) {
            return;
        }
        scan(whole, start, end, file, out);
    }

    /** The first loadable writable segment with bytes in the file, when the program headers are in the head. */
    private static Optional<Elf.Segment> writableSegment(Elf.Header h, byte[] head) {
        int size = Elf.programHeaderTableSize(h);
        if (size < 0 || h.phoff() > head.length - size) {
            return Optional.empty();
        }
        byte[] table = java.util.Arrays.copyOfRange(head, (int) h.phoff(), (int) h.phoff() + size);
        return Elf.segments(h, table).stream()
                .filter(s -> s.type() == Elf.PT_LOAD && (s.flags() & Elf.PF_W) != 0 && s.fileSize() > 0 && s.offset() >= 0)
                .findFirst();
    }

    /** Scans {@code in}, at absolute offset {@code position} (aligned), up to {@code end} for the build info. */
    private void scan(InputStream in, long position, long end, FileEntry file, Emitter out) throws IOException {
        byte[] buf = new byte[WINDOW + GoBuildInfo.HEADER];
        int len = 0;
        long bufStart = position;
        while (bufStart < end) {
            int r = in.readNBytes(buf, len, buf.length - len);
            len += r;
            boolean eof = len < buf.length;
            // a candidate is examined only when its whole header is in the window, so a false match consumes nothing of the stream
            int last = eof ? len - GoBuildInfo.MAGIC.length : len - GoBuildInfo.HEADER;
            int i = 0;
            for (; i <= last && bufStart + i < end; i += GoBuildInfo.ALIGN) {
                if (GoBuildInfo.startsWithMagic(buf, i)) {
                    InputStream at = new SequenceInputStream(new ByteArrayInputStream(buf, i, len - i), in);
                    GoBuildInfo.Result result = GoBuildInfo.read(at);
                    switch (result) {
                        case GoBuildInfo.Result.Found found -> {
                            emit(found, file, out);
                            return;
                        }
                        case GoBuildInfo.Result.Corrupt corrupt -> {
                            out.warn(file.path(), "corrupt Go build info: " + corrupt.reason());
                            return;
                        }
                        case GoBuildInfo.Result.NotBuildInfo n -> {
                            // the magic bytes by chance: keep looking
                        }
                    }
                }
            }
            if (eof) {
                return;
            }
            // keep the unscanned tail (less than a header) for the next window; i stays aligned
            System.arraycopy(buf, i, buf, 0, len - i);
            len -= i;
            bufStart += i;
        }
    }

    private static void emit(GoBuildInfo.Result.Found found, FileEntry file, Emitter out) {
        GoBuildInfo.Modules modules = GoBuildInfo.parse(found.modinfo());
        List<String> depPaths = modules.deps().stream().map(m -> m.effective().path()).toList();
        modules.main().ifPresent(main -> {
            GoBuildInfo.Module m = main.effective();
            String version = m.version();
            if (version.equals("(devel)")) {
                version = pseudoVersion(modules).orElse(version);
            }
            out.add(module(m.path(), version, file).withDependsOn(depPaths));
        });
        for (GoBuildInfo.Module dep : modules.deps()) {
            GoBuildInfo.Module m = dep.effective();
            if (!m.path().isBlank()) {
                out.add(module(m.path(), m.version(), file));
            }
        }
        stdlibVersion(found.goVersion()).ifPresent(v -> out.add(module("stdlib", v, file)));
    }

    private static Package module(String path, String version, FileEntry file) {
        int slash = path.lastIndexOf('/');
        Package p = Package.of(Ecosystem.GOLANG, path.substring(slash + 1), version, file.path()).withLayer(file.layer());
        return slash < 0 ? p : p.withNamespace(path.substring(0, slash));
    }

    /** {@code go1.22.1} → {@code v1.22.1}; {@code go1.22.1 X:boringcrypto} → {@code v1.22.1}; {@code devel ...} → empty. */
    static Optional<String> stdlibVersion(String goVersion) {
        String v = goVersion.strip();
        int space = v.indexOf(' ');
        if (space >= 0) {
            v = v.substring(0, space);
        }
        if (!v.startsWith("go") || v.length() < 3 || !Character.isDigit(v.charAt(2))) {
            return Optional.empty();
        }
        return Optional.of("v" + v.substring(2));
    }

    /** The pseudo-version Go itself would give the checkout: {@code v0.0.0-20240102150405-abcdef123456}. */
    static Optional<String> pseudoVersion(GoBuildInfo.Modules modules) {
        String revision = modules.settings().getOrDefault("vcs.revision", "");
        String time = modules.settings().getOrDefault("vcs.time", "");
        if (revision.length() < 12 || !time.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")) {
            return Optional.empty();
        }
        return Optional.of("v0.0.0-" + time.replaceAll("[^0-9]", "") + "-" + revision.substring(0, 12));
    }

    private static boolean isPe(byte[] b) {
        return b[0] == 'M' && b[1] == 'Z';
    }

    private static boolean isMachO(byte[] b) {
        int magic = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        return magic == 0xfeedfacf || magic == 0xcffaedfe || magic == 0xfeedface || magic == 0xcefaedfe;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
