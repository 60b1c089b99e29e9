package dev.cairn.sbom.binary;

import dev.cairn.oci.testing.Fixtures;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.FileEntry;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaArchiveCatalogerTest {
    private final JavaArchiveCataloger cataloger = new JavaArchiveCataloger();

    private Recording scan(String path, byte[] bytes) throws IOException {
        Recording out = new Recording();
        cataloger.read(Recording.file(path, bytes), out);
        return out;
    }

    @Test
    void wantsJavaArchivesOnly() {
        assertThat(cataloger.wants("app/lib/log4j-core-2.14.1.jar")).isTrue();
        assertThat(cataloger.wants("srv/ROOT.WAR")).isTrue();
        assertThat(cataloger.wants("opt/app.ear")).isTrue();
        assertThat(cataloger.wants("var/jenkins_home/plugins/git.jpi")).isTrue();
        assertThat(cataloger.wants("var/jenkins_home/plugins/git.hpi")).isTrue();
        assertThat(cataloger.wants("usr/share/doc/jar")).isFalse();
        assertThat(cataloger.wants(".jar")).isFalse();
        assertThat(cataloger.wants("app/lib/x.jar.sha1")).isFalse();
        assertThat(cataloger.wants("app/x.par")).isFalse();
    }

    @Test
    void pomPropertiesYieldAMavenPackageWithTheManifestLicense() throws IOException {
        byte[] jar = Jars.jar()
                .manifest("Bundle-License: https://www.apache.org/licenses/LICENSE-2.0.txt", "Implementation-Title: Apache Log4j Core")
                .pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                .add("org/apache/logging/log4j/core/Logger.class", new byte[100])
                .bytes();
        Recording out = scan("app/lib/log4j-core-2.14.1.jar", jar);
        assertThat(out.warnings).isEmpty();
        assertThat(out.purls()).containsExactly("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(out.packages.get(0).ecosystem()).isEqualTo(Ecosystem.MAVEN);
        assertThat(out.packages.get(0).path()).isEqualTo("app/lib/log4j-core-2.14.1.jar");
        assertThat(out.packages.get(0).licenses()).containsExactly("https://www.apache.org/licenses/LICENSE-2.0.txt");
    }

    @Test
    void fatJarYieldsOnePackagePerPomPropertiesAndTheLicenseOnlyToItself() throws IOException {
        byte[] jar = Jars.jar()
                .manifest("Bundle-License: Apache-2.0")
                .pom("com.example", "app", "1.0.0")
                .pom("com.google.guava", "guava", "31.1-jre")
                .pom("com.google.guava", "guava", "31.1-jre")
                .bytes();
        Recording out = scan("app.jar", jar);
        assertThat(out.purls()).containsExactly("pkg:maven/com.example/app@1.0.0", "pkg:maven/com.google.guava/guava@31.1-jre");
        assertThat(out.packages.get(0).licenses()).containsExactly("Apache-2.0");
        assertThat(out.packages.get(1).licenses()).isEmpty();
    }

    @Test
    void nestedArchivesAreReadThroughTheStreamAndNamedWithBangPaths() throws IOException {
        byte[] inner = Jars.jar().pom("org.apache.commons", "commons-text", "1.9").bytes();
        byte[] deflatedInner = Jars.jar().manifest("Implementation-Version: 3.12.0").bytes();
        byte[] war = Jars.jar()
                .pom("com.example", "shop", "2.0")
                .addStored("WEB-INF/lib/commons-text-1.9.jar", inner)
                .add("WEB-INF/lib/commons-lang3-3.12.0.jar", deflatedInner)
                .bytes();
        byte[] boot = Jars.jar()
                .addStored("BOOT-INF/lib/shop-2.0.war", war)
                .bytes();
        Recording out = scan("srv/boot.jar", boot);
        assertThat(out.warnings).isEmpty();
        assertThat(out.packages).extracting(p -> Optional.of(p.namespace().orElse("-") + "/" + p.name() + "@" + p.version() + " " + p.path()))
                .extracting(Optional::get)
                .containsExactlyInAnyOrder(
                        "org.apache.commons/commons-text@1.9 srv/boot.jar!/BOOT-INF/lib/shop-2.0.war!/WEB-INF/lib/commons-text-1.9.jar",
                        "commons-lang3/commons-lang3@3.12.0 srv/boot.jar!/BOOT-INF/lib/shop-2.0.war!/WEB-INF/lib/commons-lang3-3.12.0.jar",
                        "com.example/shop@2.0 srv/boot.jar!/BOOT-INF/lib/shop-2.0.war",
                        // the outer jar has no pom.properties of its own: the file name speaks for it
                        "boot/boot@ srv/boot.jar");
        // Maven nesting is recorded as dependencies: each archive depends on the archives inside it
        assertThat(out.packages).filteredOn(p -> p.name().equals("shop")).singleElement()
                .satisfies(p -> assertThat(p.dependsOn()).containsExactlyInAnyOrder("commons-text", "commons-lang3"));
        assertThat(out.packages).filteredOn(p -> p.name().equals("boot")).singleElement()
                .satisfies(p -> assertThat(p.dependsOn()).containsExactly("shop"));
    }

    @Test
    void withoutPomPropertiesTheManifestAndFileNameAreUsed() throws IOException {
        byte[] osgi = Jars.jar().manifest("Bundle-SymbolicName: org.example.widget;singleton:=true", "Bundle-Version: 4.2.0",
                "Implementation-Vendor-Id: org.example", "Bundle-License: \"EPL-2.0\";link=\"https://www.eclipse.org/legal/epl-2.0\", MIT").bytes();
        Recording out = scan("plugins/widget.jar", osgi);
        assertThat(out.purls()).containsExactly("pkg:maven/org.example/widget@4.2.0");
        assertThat(out.packages.get(0).licenses()).containsExactly("EPL-2.0", "MIT");

        byte[] symbolic = Jars.jar().manifest("Bundle-SymbolicName: org.example.widget;singleton:=true", "Bundle-Version: 4.2.0").bytes();
        assertThat(scan("plugins/1.jar", symbolic).purls()).containsExactly("pkg:maven/1/1@4.2.0");

        byte[] bare = Jars.jar().add("a/B.class", new byte[10]).bytes();
        assertThat(scan("app/lib/jackson-databind-2.9.10.jar", bare).purls()).containsExactly("pkg:maven/jackson-databind/jackson-databind@2.9.10");
        assertThat(scan("app/lib/tools.jar", bare).purls()).containsExactly("pkg:maven/tools/tools");

        byte[] module = Jars.jar().manifest("Automatic-Module-Name: org.example.mod", "Implementation-Version: 0.9").bytes();
        assertThat(scan("app/lib/mod-0.9.jar", module).purls()).containsExactly("pkg:maven/mod/mod@0.9");
    }

    @Test
    void bundleLicenseClausesAreSplitAndStripped() {
        assertThat(JavaArchiveCataloger.licenses("Apache-2.0;link=\"https://a/b,c\", MIT , Apache-2.0"))
                .containsExactly("Apache-2.0", "MIT");
        assertThat(JavaArchiveCataloger.licenses("")).isEmpty();
    }

    @Test
    void zipBombInsideJarIsBounded() throws IOException {
        // 64 MiB of zeros deflate to about 64 KiB: stopped by the ratio check after about 1 MiB, not inflated
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/com.example/bomb/pom.properties"));
            zip.write("groupId=com.example\nartifactId=bomb\nversion=1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(mib);
            }
            zip.putNextEntry(new ZipEntry("META-INF/maven/com.example/after/pom.properties"));
            zip.write("groupId=com.example\nartifactId=after\nversion=1\n".getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        Recording out = scan("bomb.jar", bytes.toByteArray());
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(out.warnings).singleElement().asString().contains("compression ratio over 200:1");
        assertThat(out.purls()).containsExactly("pkg:maven/com.example/bomb@1");
    }

    @Test
    void inflatedBytesAndEntriesAreBoundedPerArchive() throws IOException {
        var small = new JavaArchiveCataloger(new JavaArchiveCataloger.Limits(10_000, 100_000, 4, 64 * 1024, 64 * 1024, 200, 1 << 20));
        byte[] random = new byte[4000];
        new java.util.Random(7).nextBytes(random);
        byte[] jar = Jars.jar().add("a", random).add("b", random).add("c", random).bytes();
        Recording out = new Recording();
        small.read(Recording.file("big.jar", jar), out);
        assertThat(out.warnings).singleElement().asString().contains("inflates to more than 10000 bytes");

        var fewEntries = new JavaArchiveCataloger(new JavaArchiveCataloger.Limits(1 << 30, 5, 4, 64 * 1024, 64 * 1024, 200, 1 << 20));
        Jars many = Jars.jar();
        for (int i = 0; i < 20; i++) {
            many.add("e" + i, "x");
        }
        Recording out2 = new Recording();
        fewEntries.read(Recording.file("many.jar", many.bytes()), out2);
        assertThat(out2.warnings).singleElement().asString().contains("more than 5 entries");
    }

    @Test
    void oversizedPomPropertiesIsNotRead() throws IOException {
        byte[] jar = Jars.jar().add("META-INF/maven/g/a/pom.properties", "groupId=g\n#" + "x".repeat(70_000) + "\nartifactId=a\nversion=1\n").bytes();
        Recording out = scan("a-1.jar", jar);
        assertThat(out.warnings).singleElement().asString().contains("is larger than 65536 bytes");
    }

    @Test
    void deeplyNestedJarsStopAtDepthLimit() throws IOException {
        byte[] jar = Jars.jar().pom("g", "level10", "1").bytes();
        for (int level = 9; level >= 0; level--) {
            jar = Jars.jar().pom("g", "level" + level, "1").addStored("lib/level" + (level + 1) + ".jar", jar).bytes();
        }
        Recording out = scan("top.jar", jar);
        // the top archive and four levels inside it are read; the fifth level is reported, not opened
        assertThat(out.packages).extracting(p -> p.name()).containsExactlyInAnyOrder("level0", "level1", "level2", "level3", "level4");
        assertThat(out.warnings).singleElement().asString()
                .startsWith("top.jar!/lib/level1.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar!/lib/level5.jar: ")
                .contains("nested deeper than 4 levels");
    }

    @Test
    void truncatedJarYieldsWarning() throws IOException {
        byte[] random = new byte[50_000];
        new java.util.Random(1).nextBytes(random);
        byte[] jar = Jars.jar().pom("org.example", "kept", "1.0").add("blob.bin", random).pom("org.example", "lost", "1.0").bytes();
        Recording out = scan("app/kept-1.0.jar", Arrays.copyOf(jar, jar.length / 2));
        assertThat(out.warnings).singleElement().asString().startsWith("app/kept-1.0.jar: truncated or corrupt Java archive");
        assertThat(out.purls()).containsExactly("pkg:maven/org.example/kept@1.0");
    }

    @Test
    void corruptNestedJarCostsOnlyItself() throws IOException {
        byte[] good = Jars.jar().pom("g", "good", "1").bytes();
        byte[] bad = Arrays.copyOf(Jars.jar().pom("g", "bad", "1").add("x", new byte[5000]).bytes(), 120);
        byte[] war = Jars.jar().addStored("WEB-INF/lib/bad.jar", bad).addStored("WEB-INF/lib/good.jar", good).pom("g", "war", "1").bytes();
        Recording out = scan("a.war", war);
        assertThat(out.purls()).containsExactlyInAnyOrder("pkg:maven/g/good@1", "pkg:maven/g/war@1");
        assertThat(out.warnings).singleElement().asString().startsWith("a.war!/WEB-INF/lib/bad.jar: truncated or corrupt nested");
    }

    @Test
    void notAZipYieldsAWarningAndNoPackage() throws IOException {
        Recording out = scan("app/fake-1.0.jar", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).singleElement().asString().contains("not a zip archive");
    }

    @Test
    void aFailingLayerStreamIsAnIOExceptionNotAWarning() {
        byte[] random = new byte[100_000];
        new java.util.Random(3).nextBytes(random);
        byte[] jar = Jars.jar().pom("g", "a", "1").add("x", random).bytes();
        InputStream failing = new FilterInputStream(new java.io.ByteArrayInputStream(jar)) {
            int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 1000) {
                    throw new IOException("layer read failed");
                }
                int r = super.read(b, off, Math.min(len, 500));
                served += Math.max(r, 0);
                return r;
            }
        };
        assertThatThrownBy(() -> cataloger.read(Recording.file("a.jar", jar.length, failing), new Recording()))
                .isInstanceOf(IOException.class).hasMessage("layer read failed");
    }

    /** The jars of the app-1 fixture image, streamed straight out of its second layer as the pipeline would. */
    @Test
    void appOneLayerYieldsItsThreeMavenPackages() throws IOException {
        var layers = Fixtures.manifestJson().path("images").path("app-1").path("layers");
        String digest = layers.get(1).path("digest").asText();
        Path blob = Fixtures.ociLayout().resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        Recording out = new Recording();
        try (InputStream tar = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(blob)), 65536)) {
            TarWalk.forEach(tar, (name, size, content) -> {
                if (cataloger.wants(name)) {
                    cataloger.read(new FileEntry(name, size, content, Optional.empty()), out);
                }
            });
        }
        assertThat(out.warnings).isEmpty();
        assertThat(out.purls()).containsExactlyInAnyOrder(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "pkg:maven/org.apache.commons/commons-text@1.9",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10");
        assertThat(out.packages).extracting(p -> p.path()).containsExactlyInAnyOrder(
                "app/lib/log4j-core-2.14.1.jar", "app/lib/commons-text-1.9.jar", "app/lib/jackson-databind-2.9.10.jar");
        assertThat(out.packages.stream().filter(p -> p.name().equals("log4j-core")).findFirst().orElseThrow().licenses())
                .containsExactly("https://www.apache.org/licenses/LICENSE-2.0.txt");
    }
}
