package dev.cairn.sbom.lang;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NpmCatalogerTest {
    private final NpmCataloger cataloger = new NpmCataloger();

    @Test
    void app1ReportsWhatTrivyReports53PackagesIncludingTheRootProject() {
        // the real app/ tree of the app-1 fixture image: 52 package.json under node_modules, the
        // project's own package.json, package-lock.json and the hidden node_modules/.package-lock.json.
        // Trivy reports every package.json with a name and version, so the root demo-app is one of
        // its 53; the two lockfiles name the same 52 install directories and add nothing.
        Collected c = Collected.scan(cataloger, "npm/app-1");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).hasSize(53);
        assertThat(c.packages).allSatisfy(p -> assertThat(p.path()).endsWith("package.json"));
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty()))
                .contains("pkg:npm/lodash@4.17.20", "pkg:npm/minimist@1.2.5", "pkg:npm/express@4.17.1",
                        "pkg:npm/demo-app@1.0.0", "pkg:npm/ms@2.0.0", "pkg:npm/ms@2.1.1")
                .doesNotHaveDuplicates();
        assertThat(c.only("demo-app").path()).isEqualTo("app/package.json");
        assertThat(c.only("demo-app").dependsOn()).containsExactly("lodash", "minimist", "express");
        assertThat(c.only("qs").licenses()).containsExactly("BSD-3-Clause");
        assertThat(c.only("express").dependsOn()).contains("accepts", "body-parser", "send").hasSize(30);
        assertThat(c.packages).filteredOn(p -> p.name().equals("ms")).extracting(Package::path)
                .containsExactly("app/node_modules/ms/package.json", "app/node_modules/send/node_modules/ms/package.json");
    }

    @Test
    void lockfileAloneGivesTheLockedPackagesButNotTheRootLinksOrWorkspaces() {
        Collected c = Collected.scan(cataloger, "npm/lockonly");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty())).containsExactly(
                "pkg:npm/%40types/node@20.10.5", "pkg:npm/chalk@4.1.2", "pkg:npm/ansi-styles@4.3.0");
        Package types = c.only("node");
        assertThat(types.namespace()).contains("@types");
        assertThat(types.ecosystem()).isEqualTo(Ecosystem.NPM);
        assertThat(types.licenses()).containsExactly("MIT");
        assertThat(types.dependsOn()).containsExactly("undici-types");
        assertThat(types.path()).isEqualTo("srv/api/package-lock.json");
        assertThat(c.only("chalk").dependsOn()).containsExactly("ansi-styles", "supports-color");
    }

    @Test
    void lockfileVersion1NestsDependencies() {
        Collected c = Collected.scan(cataloger, "npm/v1");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(p -> p.namespace().map(n -> n + "/").orElse("") + p.name() + "@" + p.version())
                .containsExactlyInAnyOrder("debug@4.3.4", "ms@2.1.2", "ms@2.0.0", "@scope/thing@1.0.0-beta.1");
        assertThat(c.only("debug").dependsOn()).containsExactly("ms");
    }

    @Test
    void scopedPackagesLicenceFormsAndMarkerFiles() {
        Collected c = Collected.scan(cataloger, "npm/scoped");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).hasSize(2); // lib/package.json is a {"type": "module"} marker, skipped quietly
        Package core = c.only("core");
        assertThat(Purls.of(core, Optional.empty())).isEqualTo("pkg:npm/%40babel/core@7.23.6");
        assertThat(core.dependsOn()).containsExactly("@babel/parser", "debug", "semver");
        assertThat(c.only("legacy").licenses()).containsExactly("MIT", "GPL-2.0");
        Collected obj = Collected.read(cataloger, "node_modules/x/package.json",
                "{\"name\":\"x\",\"version\":\"1.0.0\",\"license\":{\"type\":\"ISC\",\"url\":\"u\"}}");
        assertThat(obj.only("x").licenses()).containsExactly("ISC");
    }

    @Test
    void installedPackageJsonWinsOverTheLockfileWhicheverComesFirst() {
        String lock = "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\"},\"node_modules/b\":{\"version\":\"2.0.0\"}}}";
        String manifest = "{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":\"MIT\"}";
        for (boolean lockFirst : new boolean[]{true, false}) {
            NpmCataloger cat = new NpmCataloger();
            Collected out = new Collected();
            if (lockFirst) {
                read(cat, out, "p/package-lock.json", lock);
            }
            read(cat, out, "p/node_modules/a/package.json", manifest);
            if (!lockFirst) {
                read(cat, out, "p/package-lock.json", lock);
            }
            cat.finish(out);
            assertThat(out.packages).extracting(Package::path).containsExactly("p/node_modules/a/package.json", "p/package-lock.json");
            assertThat(out.only("a").licenses()).containsExactly("MIT");
        }
    }

    @Test
    void wantsOnlyPackageJsonAndLockfiles() {
        assertThat(cataloger.wants("app/node_modules/x/package.json")).isTrue();
        assertThat(cataloger.wants("package.json")).isTrue();
        assertThat(cataloger.wants("app/node_modules/.package-lock.json")).isTrue();
        assertThat(cataloger.wants("app/npm-shrinkwrap.json")).isTrue();
        assertThat(cataloger.wants("app/node_modules/mime-db/db.json")).isFalse();
        assertThat(cataloger.wants("app/my-package.json")).isFalse();
        assertThat(NpmLockfile.projectRoot("app/node_modules/.package-lock.json")).isEqualTo("app/");
        assertThat(NpmLockfile.projectRoot("node_modules/.package-lock.json")).isEmpty();
        assertThat(NpmLockfile.projectRoot("package-lock.json")).isEmpty();
    }

    @Test
    void truncatedJsonIsAWarning() {
        Collected c = Collected.read(cataloger, "node_modules/x/package.json", "{\"name\":\"x\",\"version\":\"1.0");
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).singleElement().asString().startsWith("node_modules/x/package.json: malformed JSON");
        // a lockfile keeps the entries read before the damage: they are still true of the image
        Collected lock = Collected.read(cataloger, "package-lock.json",
                "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\"},\"node_modules/b\":{\"version\":\"1");
        assertThat(lock.warnings).singleElement().asString().contains("malformed JSON");
        assertThat(lock.packages).extracting(Package::name).containsExactly("a");
    }

    @Test
    void deeplyNestedJsonIsAWarning() {
        String deep = "{\"name\":\"x\",\"version\":\"1\",\"a\":" + "[".repeat(100_000);
        Collected c = Collected.read(cataloger, "node_modules/x/package.json", deep);
        assertThat(c.warnings).singleElement().asString().contains("nesting depth");
        StringBuilder v1 = new StringBuilder("{\"dependencies\":");
        v1.append("{\"a\":{\"version\":\"1\",\"dependencies\":".repeat(5_000));
        assertThat(Collected.read(cataloger, "package-lock.json", v1.toString()).warnings).hasSize(1);
    }

    @Test
    void aHugeFieldWeDoNotNeedIsSkippedWithoutBeingBuilt() {
        // a 200 MB "readme" string: streamed past; the pipeline cuts the file at maxBytes, which we
        // see here as a truncated document, reported in one line
        Generated in = new Generated("{\"name\":\"big\",\"version\":\"1.0.0\",\"readme\":\"", "x", 200L << 20, "\"}");
        Collected c = Collected.read(cataloger, "node_modules/big/package.json", in);
        assertThat(in.consumed()).isLessThanOrEqualTo(cataloger.maxBytes() + 8192);
        assertThat(c.warnings).hasSize(1);
        // under the cut, the same shape is simply read
        Generated small = new Generated("{\"name\":\"big\",\"version\":\"1.0.0\",\"readme\":\"", "x", 4L << 20, "\"}");
        assertThat(Collected.read(cataloger, "node_modules/big/package.json", small).only("big").version()).isEqualTo("1.0.0");
    }

    @Test
    void aHugeStringInAFieldWeReadIsAWarning() {
        Generated in = new Generated("{\"version\":\"1\",\"name\":\"", "n", 8L << 20, "\"}");
        assertThat(Collected.read(cataloger, "node_modules/n/package.json", in).warnings).singleElement().asString().contains("String value length");
    }

    @Test
    void oddButValidShapesAreSkippedQuietly() {
        for (String json : new String[]{"[]", "\"x\"", "{\"name\":1,\"version\":\"1\"}", "{\"name\":\"@scope\",\"version\":\"1\"}",
                "{\"name\":\"@/x\",\"version\":\"1\"}", "{\"name\":\"a/b\",\"version\":\"1\"}", "{\"name\":\" \",\"version\":\"1\"}",
                "{\"name\":\"x\",\"version\":\"\"}"}) {
            Collected c = Collected.read(cataloger, "node_modules/x/package.json", json);
            assertThat(c.packages).as(json).isEmpty();
            assertThat(c.warnings).as(json).isEmpty();
        }
        Collected lock = Collected.read(cataloger, "package-lock.json", "{\"packages\":[],\"dependencies\":{\"a\":1,\"b\":{\"version\":2}}}");
        assertThat(lock.packages).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        for (String path : new String[]{"node_modules/x/package.json", "package-lock.json"}) {
            Collected c = Collected.read(cataloger, path, new ByteArrayInputStream(Generated.garbage(seed, 50_000)));
            assertThat(c.packages).isEmpty();
            assertThat(c.warnings).hasSize(1);
        }
    }

    private static void read(NpmCataloger cat, Collected out, String path, String json) {
        try {
            cat.read(new dev.cairn.sbom.FileEntry(path, json.length(),
                    new ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Optional.empty()), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
