package dev.cairn.sbom;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PurlsTest {
    private static final Optional<OsRelease> DEBIAN = Optional.of(new OsRelease("debian", "12", Optional.empty(), Optional.empty()));

    @Test
    void debianPackageGetsNamespaceDistroAndEncodedVersion() {
        Package bash = Package.of(Ecosystem.DEB, "bash", "5.2.15-2+b2", "var/lib/dpkg/status").withQualifiers(Map.of("arch", "amd64"));
        assertThat(Purls.of(bash, DEBIAN)).isEqualTo("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12");
    }

    @Test
    void scopedNpmAndMavenAreSpelledAsTheSpecSays() {
        assertThat(Purls.of(Package.of(Ecosystem.NPM, "core", "7.0.0", "x").withNamespace("@babel"), Optional.empty()))
                .isEqualTo("pkg:npm/%40babel/core@7.0.0");
        assertThat(Purls.of(Package.of(Ecosystem.MAVEN, "log4j-core", "2.14.1", "x").withNamespace("org.apache.logging.log4j"), Optional.empty()))
                .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(Purls.of(Package.of(Ecosystem.GOLANG, "crypto", "v0.1.0", "x").withNamespace("golang.org/x"), Optional.empty()))
                .isEqualTo("pkg:golang/golang.org/x/crypto@v0.1.0");
    }

    @Test
    void hostileNamesAreFullyPercentEncodedAndRoundTrip() throws Exception {
        Package weird = Package.of(Ecosystem.NPM, "naïve\u0007pkg?#@/", "1.0 beta", "x");
        String purl = Purls.of(weird, Optional.empty());
        assertThat(purl).isEqualTo("pkg:npm/na%C3%AFve%07pkg%3F%23%40%2F@1.0%20beta");
        // decoded as UTF-8 percent-encoding (packageurl-java 1.5.0's parser would decode bytes as Latin-1)
        String name = purl.substring("pkg:npm/".length(), purl.indexOf('@', "pkg:npm/".length() + 1));
        assertThat(java.net.URLDecoder.decode(name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("naïve\u0007pkg?#@/");
    }
}
