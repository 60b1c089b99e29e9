package dev.cairn.sbom.os;

import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DpkgCatalogerTest {
    final List<Package> packages = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Emitter out = new Emitter() {
        @Override
        public void add(Package pkg) {
            packages.add(pkg);
        }

        @Override
        public void os(OsRelease os) {
        }

        @Override
        public void warn(String path, String message) {
            warnings.add(path + ": " + message);
        }
    };

    private void read(Cat c, String path, String content) throws Exception {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        assertThat(c.dpkg.wants(path)).as(path).isTrue();
        c.dpkg.read(new FileEntry(path, b.length, new ByteArrayInputStream(b), Optional.empty()), out);
    }

    private static final class Cat {
        final DpkgCataloger dpkg = new DpkgCataloger();
    }

    @Test
    void statusFieldsSourceEpochAndDependencies() throws Exception {
        Cat c = new Cat();
        read(c, "var/lib/dpkg/status", """
                Package: libgmp10
                Status: install ok installed
                Architecture: amd64
                Multi-Arch: same
                Source: gmp
                Version: 2:6.2.1+dfsg1-1.1
                Depends: libc6 (>= 2.14)
                Description: Multiprecision arithmetic library
                 GNU MP is a programmer's library.
                 .
                 More text.

                Package: removed
                Status: deinstall ok config-files
                Version: 1.0

                Package: held
                Status: hold ok installed
                Architecture: all
                Version: 1.0-1
                Source: heldsrc (0.9-1)
                Pre-Depends: dpkg (>= 1.15) | dpkg-dev
                Depends: perl:any, debconf (>= 0.5) | debconf-2.0,
                 adduser

                """);
        c.dpkg.finish(out);
        assertThat(packages).extracting(Package::name).containsExactly("libgmp10", "held");
        Package gmp = packages.get(0);
        assertThat(gmp.version()).isEqualTo("6.2.1+dfsg1-1.1");
        assertThat(gmp.qualifiers()).containsEntry("epoch", "2").containsEntry("arch", "amd64");
        assertThat(gmp.source()).contains(new Package.Source("gmp", "2:6.2.1+dfsg1-1.1"));
        assertThat(gmp.dependsOn()).containsExactly("libc6");
        Package held = packages.get(1);
        assertThat(held.source()).contains(new Package.Source("heldsrc", "0.9-1"));
        assertThat(held.dependsOn()).containsExactly("dpkg", "perl", "debconf", "adduser");
        assertThat(warnings).isEmpty();
    }

    /** Distroless: one paragraph per file, no Status field; md5sums files beside them are not wanted. */
    @Test
    void distrolessStatusD() throws Exception {
        Cat c = new Cat();
        assertThat(c.dpkg.wants("var/lib/dpkg/status.d/base-files.md5sums")).isFalse();
        assertThat(c.dpkg.wants("var/lib/dpkg/status.d/sub/x")).isFalse();
        assertThat(c.dpkg.wants("usr/share/doc/a/b/copyright")).isFalse();
        read(c, "var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n");
        read(c, "usr/share/doc/base-files/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n\nFiles: x\nLicense: MIT\n\nLicense: GPL-2+\n text\n");
        c.dpkg.finish(out);
        assertThat(packages).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("var/lib/dpkg/status.d/base-files");
            assertThat(p.licenses()).containsExactly("GPL-2+", "MIT");
            assertThat(p.source()).contains(new Package.Source("base-files", "12.4+deb12u5"));
        });
    }

    @Test
    void malformedLinesAreOneWarning() throws Exception {
        Cat c = new Cat();
        read(c, "var/lib/dpkg/status", "garbage line\nmore garbage\n\nPackage: ok\nStatus: install ok installed\nVersion: 1\n\nPackage: noversion\nStatus: install ok installed\n");
        c.dpkg.finish(out);
        assertThat(packages).extracting(Package::name).containsExactly("ok");
        assertThat(warnings).containsExactly("var/lib/dpkg/status: 2 malformed lines, 1 installed packages without a usable name or version");
    }
}
