package dev.cairn.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Descriptor;
import dev.cairn.model.Manifest;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import dev.cairn.sbom.SbomGenerator.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared fixture images (Debian 12 base with 88 installed packages; app-1 deletes /etc/motd;
 * app-2 also deletes a jar) from all three places an image lives, checked against trivy's SBOM
 * of the same images.
 */
class FixtureImagesTest {
    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture();

    @TempDir
    static Path tmp;

    /** name@version of trivy's deb components, with their source package and PURL. */
    static Map<String, JsonNode> trivyDebs = new TreeMap<>();

    @BeforeAll
    static void readTrivy() throws Exception {
        JsonNode bom = new ObjectMapper().readTree(Fixtures.imagesDir().resolve("peer-sboms/trivy.app-1.oci-layout.cdx.json").toFile());
        for (JsonNode c : bom.path("components")) {
            if (c.path("purl").asText().startsWith("pkg:deb/")) {
                trivyDebs.put(c.path("name").asText() + "@" + c.path("version").asText(), c);
            }
        }
    }

    private static SbomGenerator generator() {
        return new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none());
    }

    private static ImageTarget layout(String tag) {
        return ImageTarget.open("oci:" + Fixtures.ociLayout() + ":" + tag, OciOptions.defaults());
    }

    private static Map<String, Package> debs(Sbom sbom) {
        Map<String, Package> out = new TreeMap<>();
        sbom.packages().stream().filter(p -> p.ecosystem() == Ecosystem.DEB).forEach(p -> out.put(p.name() + "@" + p.version(), p));
        return out;
    }

    private static String property(JsonNode component, String name) {
        for (JsonNode p : component.path("properties")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return "";
    }

    /**
     * The same 88 packages as trivy, with the same source packages, layer and PURL (but for the
     * distro, see OsReleaseCatalogerTest). On layers: we record the layer of the status file a
     * package was read from, trivy the layer that first installed it; here only the base layer has
     * a status file, so the two agree.
     */
    private static void assertMatchesTrivy(Sbom sbom) throws Exception {
        Map<String, Package> ours = debs(sbom);
        assertThat(ours).hasSize(88);
        assertThat(ours.keySet()).isEqualTo(trivyDebs.keySet());
        assertThat(sbom.os()).hasValueSatisfying(os -> {
            assertThat(os.id()).isEqualTo("debian");
            assertThat(os.versionId()).isEqualTo("12");
            assertThat(os.codename()).contains("bookworm");
        });
        for (Map.Entry<String, JsonNode> e : trivyDebs.entrySet()) {
            Package p = ours.get(e.getKey());
            JsonNode t = e.getValue();
            assertThat(p.source()).as(e.getKey()).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo(property(t, "aquasecurity:trivy:SrcName")));
            assertThat(p.layer().map(Object::toString)).as(e.getKey())
                    .contains(property(t, "aquasecurity:trivy:LayerDiffID"));
            Purls.Purl theirs = Purls.parse(t.path("purl").asText());
            Purls.Purl mine = Purls.parse(Purls.of(p, sbom.os()));
            Map<String, String> theirQualifiers = new HashMap<>(theirs.qualifiers());
            theirQualifiers.put("distro", "debian-12");
            assertThat(mine.namespace()).isEqualTo(theirs.namespace());
            assertThat(mine.name()).isEqualTo(theirs.name());
            assertThat(mine.version()).isEqualTo(theirs.version());
            assertThat(mine.qualifiers()).as(e.getKey()).isEqualTo(theirQualifiers);
        }
        Package libc = ours.get("libc6@2.36-9+deb12u14");
        assertThat(libc.source()).contains(new Package.Source("glibc", "2.36-9+deb12u14"));
        assertThat(libc.dependsOn()).contains("libgcc-s1");
        // glibc's copyright is not DEP-5, so no License: lines (trivy classifies the text; we do not)
        assertThat(ours.get("bash@5.2.15-2+b13").licenses()).contains("GPL-3+");
        assertThat(ours.get("bsdutils@2.38.1-5+deb12u3").source()).contains(new Package.Source("util-linux", "2.38.1-5+deb12u3"));
        assertThat(ours.values().stream().filter(p -> !p.licenses().isEmpty()).count()).isGreaterThan(70);
    }

    @Test
    void ociLayoutBaseHasTrivysDebianPackages() throws Exception {
        try (ImageTarget base = layout("base")) {
            Sbom sbom = generator().fromImage(base, Scope.SQUASHED);
            assertMatchesTrivy(sbom);
            assertThat(sbom.warnings()).isEmpty();
            assertThat(sbom.subject().digest()).contains(Fixtures.manifestDigest("base"));
        }
    }

    @Test
    void app1WhiteoutOfMotdHidesItWhenSquashedOnly() throws Exception {
        RecordingCataloger[] r = new RecordingCataloger[1];
        SbomGenerator g = new SbomGenerator(() -> List.of(r[0] = new RecordingCataloger("etc/motd", "app/lib/commons-text-1.9.jar", "var/lib/dpkg/status")),
                SbomGenerator.Progress.none());
        try (ImageTarget app1 = layout("app-1"); ImageTarget app2 = layout("app-2")) {
            Sbom squashed = g.fromImage(app1, Scope.SQUASHED);
            assertThat(r[0].paths()).containsExactlyInAnyOrder("app/lib/commons-text-1.9.jar", "var/lib/dpkg/status");
            assertThat(r[0].seen).filteredOn(s -> s.path().equals("app/lib/commons-text-1.9.jar"))
                    .singleElement().satisfies(s -> assertThat(s.layer()).isEqualTo(squashed.subject().layers().get(1).toString()));
            g.fromImage(app1, Scope.ALL_LAYERS);
            assertThat(r[0].paths()).containsExactlyInAnyOrder("etc/motd", "var/lib/dpkg/status", "app/lib/commons-text-1.9.jar");
            g.fromImage(app2, Scope.SQUASHED);
            assertThat(r[0].paths()).containsExactly("var/lib/dpkg/status");
        }
    }

    @Test
    void registryImageHasTrivysDebianPackages() throws Exception {
        try (OciLayout fixtures = OciLayout.at(Fixtures.ociLayout())) {
            ImageCopy.copy(fixtures, "app-1", registry.store("demo/app"), Optional.of("1"));
        }
        Sbom sbom = generator().fromLocation(registry.host() + "/demo/app:1", RegistryFixture.options(), Scope.SQUASHED);
        assertMatchesTrivy(sbom);
        assertThat(sbom.subject().digest()).contains(Fixtures.manifestDigest("app-1"));
    }

    /** A legacy {@code docker save} tarball: uncompressed {@code <id>/layer.tar} members, read through the plain-tar path. */
    @Test
    void dockerArchiveHasTrivysDebianPackages() throws Exception {
        Path archive = tmp.resolve("app-1.docker.tar");
        Manifest.Image app;
        try (ImageTarget app1 = layout("app-1")) {
            app = app1.resolve().image();
            try (TarBuilder tar = new TarBuilder(Files.newOutputStream(archive))) {
                byte[] config = app1.store().blob(app.config(), 1 << 20);
                tar.file(app.config().digest().hex() + ".json", config);
                StringBuilder layers = new StringBuilder();
                for (Descriptor d : app.layers()) {
                    Path plain = tmp.resolve(d.digest().hex() + ".tar");
                    try (InputStream in = new GZIPInputStream(app1.store().openBlob(d)); OutputStream out = Files.newOutputStream(plain)) {
                        in.transferTo(out);
                    }
                    try (InputStream in = Files.newInputStream(plain)) {
                        tar.file(d.digest().hex() + "/layer.tar", Files.size(plain), in);
                    }
                    Files.delete(plain);
                    layers.append(layers.isEmpty() ? "" : ",").append('"').append(d.digest().hex()).append("/layer.tar\"");
                }
                tar.file("manifest.json", ("[{\"Config\":\"" + app.config().digest().hex() + ".json\",\"RepoTags\":[\"demo/app:1\"],\"Layers\":[" + layers + "]}]")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        Sbom sbom = generator().fromLocation("docker-archive:" + archive, OciOptions.defaults(), Scope.SQUASHED);
        assertMatchesTrivy(sbom);
        assertThat(sbom.subject().layers()).extracting(Object::toString)
                .containsExactly("sha256:1d26bb964f8cf0a5fe562093c8bd4a7c0e640ab4744c2b5578dd5260578a0c20", "sha256:d4b9f96cd6086c58e119bd001bb4fbadbcc37dbab9c4c7229be5a6573705fb78");
    }
}
