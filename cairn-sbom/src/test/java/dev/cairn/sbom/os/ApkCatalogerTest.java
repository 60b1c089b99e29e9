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

class ApkCatalogerTest {
    static final String INSTALLED = """
            C:Q1abc=
            P:musl
            V:1.2.4_git20230717-r4
            A:x86_64
            S:383152
            I:622592
            T:the musl c library (libc) implementation
            U:https://musl.libc.org/
            L:MIT
            o:musl
            m:Timo Teräs <timo.teras@iki.fi>
            t:1700000000
            c:abc
            F:lib
            R:ld-musl-x86_64.so.1

            P:busybox-binsh
            V:1.36.1-r15
            A:x86_64
            L:GPL-2.0-only
            o:busybox
            D:busybox=1.36.1-r15 so:libc.musl-x86_64.so.1 !busybox-old cmd:sh ca-certificates>=2023

            P:broken
            """;

    @Test
    void readsInstalledDatabase() throws Exception {
        ApkCataloger apk = new ApkCataloger();
        List<Package> packages = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] b = INSTALLED.getBytes(StandardCharsets.UTF_8);
        assertThat(apk.wants("lib/apk/db/installed")).isTrue();
        apk.read(new FileEntry("lib/apk/db/installed", b.length, new ByteArrayInputStream(b), Optional.empty()), new Emitter() {
            @Override
            public void add(Package pkg) {
                packages.add(pkg);
            }

            @Override
            public void os(OsRelease os) {
            }

            @Override
            public void warn(String path, String message) {
                warnings.add(message);
            }
        });
        assertThat(packages).extracting(Package::name).containsExactly("musl", "busybox-binsh");
        Package sh = packages.get(1);
        assertThat(sh.version()).isEqualTo("1.36.1-r15");
        assertThat(sh.source()).contains(new Package.Source("busybox", "1.36.1-r15"));
        assertThat(sh.licenses()).containsExactly("GPL-2.0-only");
        assertThat(sh.qualifiers()).containsEntry("arch", "x86_64");
        assertThat(sh.dependsOn()).containsExactly("busybox", "ca-certificates");
        assertThat(warnings).containsExactly("0 malformed lines, 1 records without a name or version");
    }
}
