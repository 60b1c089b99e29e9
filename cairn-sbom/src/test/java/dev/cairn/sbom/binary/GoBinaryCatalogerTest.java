package dev.cairn.sbom.binary;

import dev.cairn.sbom.Ecosystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class GoBinaryCatalogerTest {
    private static final byte[] START = "0w\u00af\f\u0092t\b\u0002A\u00e1\u00c1\u0007\u00e6\u00d6\u0018\u00e6".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] END = "\u00f92C1\u0086\u0018 r\u0000\u0082B\u0010A\u0016\u00d8\u00f2".getBytes(StandardCharsets.ISO_8859_1);

    private final GoBinaryCataloger cataloger = new GoBinaryCataloger();

    /** A .go.buildinfo section as the Go 1.18+ linker writes it. */
    static byte[] buildInfo(String goVersion, String modinfo) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(GoBuildInfo.MAGIC);
        b.write(8);
        b.write(2);
        b.writeBytes(new byte[16]);
        string(b, goVersion.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.writeBytes(START);
        framed.writeBytes(modinfo.getBytes(StandardCharsets.UTF_8));
        framed.writeBytes(END);
        string(b, framed.toByteArray());
        return b.toByteArray();
    }

    private static void string(ByteArrayOutputStream b, byte[] s) {
        long n = s.length;
        while (n >= 0x80) {
            b.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        b.write((int) n);
        b.writeBytes(s);
    }

    private static final String MODINFO = """
            path\texample.com/cmd/hello
            mod\texample.com/cmd\t(devel)\t
            dep\tgolang.org/x/text\tv0.14.0\th1:abc=
            dep\tgithub.com/old/thing\tv1.0.0\th1:def=
            =>\tgithub.com/new/thing\tv1.2.0\th1:ghi=
            dep\texample.com/local\tv0.3.0\t
            =>\t../local\t\t
            build\t-compiler=gc
            build\tvcs.revision=0123456789abcdef0123456789abcdef01234567
            build\tvcs.time=2024-01-02T15:04:05Z
            """;

    private Recording scan(String path, byte[] bytes) throws IOException {
        Recording out = new Recording();
        cataloger.read(Recording.file(path, bytes), out);
        return out;
    }

    @Test
    void wantsExtensionlessFilesAndExesOutsideDataDirectories() {
        assertThat(cataloger.wants("usr/local/bin/kubectl")).isTrue();
        assertThat(cataloger.wants("app/server")).isTrue();
        assertThat(cataloger.wants("go/bin/tool.exe")).isTrue();
        assertThat(cataloger.wants("usr/lib/x86_64-linux-gnu/libc.so.6")).isFalse();
        assertThat(cataloger.wants("usr/share/zoneinfo/Europe/Paris")).isFalse();
        assertThat(cataloger.wants("etc/passwd")).isFalse();
        assertThat(cataloger.wants("app/main.js")).isFalse();
    }

    @Test
    void syntheticBuildInfoInTheDataSegmentYieldsModulesAndStdlib() throws IOException {
        byte[] text = new byte[10_000];
        new java.util.Random(5).nextBytes(text);
        byte[] data = new byte[200_000];
        byte[] info = buildInfo("go1.22.1", MODINFO);
        // not at the segment start: the scan walks 16-byte steps across window boundaries
        System.arraycopy(info, 0, data, 70_000 - 16 * 3, info.length);
        byte[] elf = new SyntheticElf().section(".text", text, false).section(".data", data, true).bytes();
        Recording out = scan("usr/local/bin/hello", elf);
        assertThat(out.warnings).isEmpty();
        assertThat(out.purls()).containsExactly(
                "pkg:golang/example.com/cmd@v0.0.0-20240102150405-0123456789ab",
                "pkg:golang/golang.org/x/text@v0.14.0",
                "pkg:golang/github.com/new/thing@v1.2.0",
                "pkg:golang/example.com/local@v0.3.0",
                "pkg:golang/stdlib@v1.22.1");
        assertThat(out.packages.get(0).dependsOn()).containsExactly("golang.org/x/text", "github.com/new/thing", "example.com/local");
        assertThat(out.packages).allSatisfy(p -> {
            assertThat(p.ecosystem()).isEqualTo(Ecosystem.GOLANG);
            assertThat(p.path()).isEqualTo("usr/local/bin/hello");
        });
    }

    @Test
    void buildInfoIsFoundByAWholeFileScanWithoutAWritableSegment() throws IOException {
        byte[] elf = new SyntheticElf().section(".go.buildinfo", buildInfo("go1.21.0 X:boringcrypto",
                "path\tx\nmod\texample.com/x\tv1.0.0\t\n"), false).bytes();
        assertThat(scan("bin/x", elf).purls()).containsExactly("pkg:golang/example.com/x@v1.0.0", "pkg:golang/stdlib@v1.21.0");
    }

    @Test
    void mainModuleWithoutVcsStampKeepsDevel() {
        var modules = GoBuildInfo.parse("path\tm\nmod\tm\t(devel)\t\n");
        assertThat(GoBinaryCataloger.pseudoVersion(modules)).isEmpty();
        assertThat(GoBinaryCataloger.stdlibVersion("devel go1.23-abc")).isEmpty();
        assertThat(GoBinaryCataloger.stdlibVersion("go1.22.1")).contains("v1.22.1");
    }

    @Test
    void notAnElfIsSkippedQuickly() throws IOException {
        int[] served = {0};
        InputStream script = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return '#';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = Math.min(len, 1);
                served[0] += n;
                b[off] = '#';
                return n;
            }
        }; // an endless shell script
        Recording out = new Recording();
        cataloger.read(Recording.file("usr/bin/script", Long.MAX_VALUE, script), out);
        new CargoAuditableCataloger().read(Recording.file("usr/bin/script", Long.MAX_VALUE, script), out);
        assertThat(served[0]).isLessThanOrEqualTo(8);
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).isEmpty();
    }

    @Test
    void elfWithoutBuildInfoYieldsNothing() throws IOException {
        byte[] elf = new SyntheticElf().section(".data", new byte[50_000], true).bytes();
        Recording out = scan("usr/bin/ls", elf);
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).isEmpty();
    }

    @Test
    void corruptBuildInfoYieldsWarning() throws IOException {
        byte[] info = buildInfo("go1.22.1", MODINFO);
        // the module string claims 2^62 bytes
        byte[] lie = java.util.Arrays.copyOf(info, 32 + 1 + 8 + 10);
        System.arraycopy(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x3f}, 0, lie, 41, 9);
        Recording out = scan("bin/a", new SyntheticElf().section(".data", lie, true).bytes());
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).singleElement().asString().contains("corrupt Go build info").contains("module information");

        // cut off in the middle of the version string
        Recording cut = scan("bin/b", java.util.Arrays.copyOf(new SyntheticElf().section(".data", info, true).bytes(), 4096 + 36));
        assertThat(cut.warnings).singleElement().asString().contains("corrupt Go build info");

        // the pointer format of Go 1.17 and earlier
        byte[] old = java.util.Arrays.copyOf(info, 64);
        old[15] = 0;
        assertThat(scan("bin/c", new SyntheticElf().section(".data", old, true).bytes()).warnings)
                .singleElement().asString().contains("Go 1.17 and earlier");

        // the magic bytes by chance, with an impossible pointer size: not build info, no warning
        byte[] chance = java.util.Arrays.copyOf(info, 64);
        chance[14] = 3;
        assertThat(scan("bin/d", new SyntheticElf().section(".data", chance, true).bytes()).warnings).isEmpty();

        // a truncated ELF header
        assertThat(scan("bin/e", new byte[]{0x7f, 'E', 'L', 'F', 2, 1}).warnings).singleElement().asString().contains("ELF header");
    }

    /** A real binary from the installed Go toolchain, with a directory-replaced dependency so no network is needed. */
    @Test
    void realGoBinaryBuiltAtTestTime(@TempDir Path dir) throws Exception {
        Path go = findGo();
        Files.writeString(dir.resolve("go.mod"), """
                module example.com/hello

                go 1.21

                require example.com/greet v1.2.3

                replace example.com/greet => ./greet
                """);
        Files.writeString(dir.resolve("main.go"), """
                package main

                import "example.com/greet"

                func main() { println(greet.Hello()) }
                """);
        Files.createDirectories(dir.resolve("greet"));
        Files.writeString(dir.resolve("greet/go.mod"), "module example.com/greet\n\ngo 1.21\n");
        Files.writeString(dir.resolve("greet/greet.go"), "package greet\n\nfunc Hello() string { return \"hi\" }\n");
        ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", "hello", ".").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GOFLAGS", "-mod=mod");
        pb.environment().put("GOPROXY", "off");
        pb.environment().put("GOTOOLCHAIN", "local");
        pb.environment().put("CGO_ENABLED", "0");
        if (!pb.environment().containsKey("HOME") && !pb.environment().containsKey("XDG_CACHE_HOME")) {
            pb.environment().putIfAbsent("GOCACHE", dir.resolve(".gocache").toString());
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("go build: %s", log).isZero();
        String goVersion = new String(new ProcessBuilder(go.toString(), "env", "GOVERSION").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();

        Path binary = dir.resolve("hello");
        Recording out = new Recording();
        try (InputStream in = Files.newInputStream(binary)) {
            cataloger.read(Recording.file("usr/local/bin/hello", Files.size(binary), in), out);
        }
        assertThat(out.warnings).isEmpty();
        assertThat(out.purls()).containsExactly(
                "pkg:golang/example.com/hello@%28devel%29",
                "pkg:golang/example.com/greet@v1.2.3",
                "pkg:golang/stdlib@" + GoBinaryCataloger.stdlibVersion(goVersion).orElseThrow());
    }

    private static Path findGo() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/local/go/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "go");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("this test builds a Go binary and needs the `go` toolchain on PATH (or in /usr/local/go/bin); install Go 1.18 or later");
    }
}
