package dev.cairn.sbom.format;

import dev.cairn.model.Digest;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Sbom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SBOMs for tests: every ecosystem, awkward names, duplicates, dependencies. */
final class TestSboms {
    static final Digest BASE = Digest.sha256("base".getBytes(StandardCharsets.UTF_8));
    static final Digest APP = Digest.sha256("app".getBytes(StandardCharsets.UTF_8));
    static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    private TestSboms() {
    }

    /** A peer tool's SBOM of the shared image fixtures (trivy's CycloneDX of app-1 and app-2). */
    static Path peer(String name) {
        return dev.cairn.oci.testing.Fixtures.imagesDir().resolve("peer-sboms").resolve(name);
    }

    static Sbom awkward() {
        List<Package> p = new ArrayList<>();
        Optional<Digest> base = Optional.of(BASE);
        Optional<Digest> app = Optional.of(APP);
        p.add(Package.of(Ecosystem.DEB, "bash", "5.2.15-2+b2", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "amd64"))
                .withSource("bash", "5.2.15-2").withLicenses(List.of("GPL-3.0-or-later")).withLayer(base)
                .withDependsOn(List.of("libc6", "base-files", "debianutils:any", "not-installed")));
        p.add(Package.of(Ecosystem.DEB, "libc6", "2.36-9+deb12u4", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "amd64"))
                .withSource("glibc", "2.36-9+deb12u4").withLicenses(List.of("LGPL-2.1", "GPL-2.0", "Custom license: see copyright"))
                .withLayer(base).withDependsOn(List.of("libgcc-s1")));
        p.add(Package.of(Ecosystem.DEB, "libgcc-s1", "12.2.0-14", "var/lib/dpkg/status").withLayer(base)
                .withQualifiers(Map.of("arch", "amd64")).withDependsOn(List.of("libc6")));
        p.add(Package.of(Ecosystem.DEB, "diffutils", "1:3.8-4", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "amd64", "epoch", "1")).withLayer(base));
        p.add(Package.of(Ecosystem.DEB, "libstdc++6", "12.2.0-14", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "i386")).withLayer(base));
        p.add(Package.of(Ecosystem.DEB, "libstdc++6", "12.2.0-14", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "amd64")).withLayer(base));
        p.add(Package.of(Ecosystem.NPM, "core", "7.24.0", "app/node_modules/@babel/core/package.json").withNamespace("@babel")
                .withLicenses(List.of("MIT")).withLayer(app).withDependsOn(List.of("ms", "@babel/parser")));
        p.add(Package.of(Ecosystem.NPM, "parser", "7.24.0", "app/node_modules/@babel/parser/package.json").withNamespace("@babel").withLayer(app));
        p.add(Package.of(Ecosystem.NPM, "ms", "2.0.0", "app/node_modules/ms/package.json").withLicenses(List.of("MIT")).withLayer(app));
        p.add(Package.of(Ecosystem.NPM, "ms", "2.1.1", "app/node_modules/send/node_modules/ms/package.json").withLayer(app));
        p.add(Package.of(Ecosystem.NPM, "send", "0.17.1", "app/node_modules/send/package.json").withLayer(app).withDependsOn(List.of("ms")));
        // the same package at two paths: a duplicate PURL
        p.add(Package.of(Ecosystem.NPM, "lodash", "4.17.20", "app/node_modules/lodash/package.json").withLayer(app).withLicenses(List.of("mit")));
        p.add(Package.of(Ecosystem.NPM, "lodash", "4.17.20", "app/other/node_modules/lodash/package.json").withLayer(app));
        p.add(Package.of(Ecosystem.MAVEN, "commons-text", "1.9", "app/lib/commons-text-1.9.jar").withNamespace("org.apache.commons")
                .withLicenses(List.of("Apache-2.0")).withLayer(app).withDependsOn(List.of("org.apache.commons:commons-lang3")));
        p.add(Package.of(Ecosystem.MAVEN, "commons-lang3", "3.11", "app/lib/commons-lang3-3.11.jar").withNamespace("org.apache.commons")
                .withLicenses(List.of("Apache License, Version 2.0")).withLayer(app));
        p.add(Package.of(Ecosystem.PYPI, "Jinja2", "3.1.2", "usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO")
                .withLicenses(List.of("BSD-3-Clause OR MIT")).withLayer(app).withDependsOn(List.of("markupsafe")));
        p.add(Package.of(Ecosystem.PYPI, "MarkupSafe", "2.1.2", "usr/lib/python3/dist-packages/MarkupSafe-2.1.2.dist-info/METADATA").withLayer(app));
        p.add(Package.of(Ecosystem.GOLANG, "crypto", "v0.17.0", "app/bin/server").withNamespace("golang.org/x").withLayer(app));
        p.add(Package.of(Ecosystem.CARGO, "serde", "1.0.193", "app/bin/rusty").withLayer(app));
        p.add(Package.of(Ecosystem.NUGET, "Newtonsoft.Json", "13.0.1", "app/dotnet/app.deps.json").withLayer(app));
        p.add(Package.of(Ecosystem.GEM, "rack", "2.2.8", "usr/lib/ruby/gems/3.1.0/specifications/rack-2.2.8.gemspec").withLayer(app));
        p.add(Package.of(Ecosystem.COMPOSER, "console", "v6.4.0", "app/vendor/composer/installed.json").withNamespace("symfony").withLayer(app));
        p.add(Package.of(Ecosystem.APK, "musl", "1.2.4-r2", "lib/apk/db/installed").withLayer(base));
        p.add(Package.of(Ecosystem.RPM, "openssl-libs", "1:3.0.7-25.el9", "var/lib/rpm/rpmdb.sqlite").withQualifiers(Map.of("arch", "x86_64", "epoch", "1")).withLayer(base));
        // awkward names: unicode, spaces, slashes, control characters, XML specials, no version
        p.add(Package.of(Ecosystem.NPM, "naïve-ünïcødé-包", "1.0.0", "app/node_modules/naive/package.json").withLayer(app));
        p.add(Package.of(Ecosystem.PYPI, "name with spaces", "0.1", "app/weird/PKG-INFO").withLayer(app));
        p.add(Package.of(Ecosystem.GEM, "slash/name", "1.0", "app/gems/x.gemspec").withLayer(app));
        p.add(Package.of(Ecosystem.NPM, "evil\u001b[31mred\u0007<&>\"'", "6.6.6", "app/node_modules/evil/package.json").withLayer(app)
                .withLicenses(List.of("<script>\u0000")));
        p.add(Package.of(Ecosystem.CARGO, "no-version", "", "app/Cargo.lock").withLayer(app));
        return new Sbom(new Sbom.Subject("registry.example.com:5000/demo/app:1", Optional.of(IMAGE), List.of(BASE, APP), true),
                Optional.of(new OsRelease("debian", "12", Optional.of("Debian GNU/Linux 12 (bookworm)"), Optional.of("bookworm"))),
                p, List.of(), CREATED);
    }

    static Sbom directory() {
        return new Sbom(new Sbom.Subject("./my project", Optional.empty(), List.of(), false), Optional.empty(),
                List.of(Package.of(Ecosystem.NPM, "left-pad", "1.3.0", "node_modules/left-pad/package.json")), List.of(), CREATED);
    }
}
