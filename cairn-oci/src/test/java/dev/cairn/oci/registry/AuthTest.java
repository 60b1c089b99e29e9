package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.oci.ImageCopy;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.oci.testing.Fixtures;
import dev.cairn.oci.testing.RegistryFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthTest {
    @RegisterExtension
    static RegistryFixture registry = RegistryFixture.withBasicAuth("alice", "s3cret-pass");

    @Test
    void basicAuthWithCredentialsFromALoginWrittenDockerConfig(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("docker/config.json");
        DockerLogin.login(config, registry.host(), "alice", "s3cret-pass");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(DockerConfig.load(config).credentialsFor(registry.host())).isEqualTo(new Credentials.Basic("alice", "s3cret-pass"));

        RegistryStore store = new RegistryStore(RegistryClient.create(registry.host(), RegistryFixture.options().withDockerConfig(config)), "demo/app");
        ImageCopy.copy(OciLayout.at(Fixtures.ociLayout()), "app-2", store, Optional.of("2"));
        ImageTarget target = ImageTarget.open(registry.host() + "/demo/app:2", RegistryFixture.options().withDockerConfig(config));
        assertThat(target.resolve().digest()).isEqualTo(Fixtures.manifestDigest("app-2"));
    }

    @Test
    void withoutCredentialsTheErrorSaysToLogIn(@TempDir Path tmp) {
        RegistryStore store = new RegistryStore(RegistryClient.create(registry.host(), RegistryFixture.options().withDockerConfig(tmp.resolve("none.json"))), "demo/app");
        assertThatThrownBy(() -> store.manifest("2")).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.IO);
            assertThat(e.getMessage()).startsWith(registry.host() + "/demo/app: authentication failed").contains("cairn login " + registry.host());
        });
    }

    @Test
    void wrongPasswordIsRefusedClearly() {
        RegistryStore store = new RegistryStore(new RegistryClient(registry.host(), new Credentials.Basic("alice", "wrong"), Optional.empty(), RegistryFixture.options()), "demo/app");
        assertThatThrownBy(() -> store.manifest("2")).hasMessageContaining("refused the credentials");
    }

    @Test
    void credentialHelpersAreNamedInsteadOfSilentlyIgnored(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"credsStore\":\"desktop\"}", StandardCharsets.UTF_8);
        RegistryStore store = new RegistryStore(RegistryClient.create(registry.host(), RegistryFixture.options().withDockerConfig(config)), "demo/app");
        assertThatThrownBy(() -> store.manifest("2")).hasMessageContaining("credsStore 'desktop'").hasMessageContaining("not supported");
    }

    @Test
    void usernamePasswordFieldsAndLoginKeepOtherKeys(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"),
                "{\"auths\":{\"https://other.example\":{\"username\":\"bob\",\"password\":\"pw\"}},\"psFormat\":\"x\"}");
        assertThat(DockerConfig.load(config).credentialsFor("other.example")).isEqualTo(new Credentials.Basic("bob", "pw"));
        DockerLogin.login(config, "new.example:5000", "carol", "pw2");
        String written = Files.readString(config);
        assertThat(written).contains("psFormat").contains("other.example");
        assertThat(DockerConfig.load(config).credentialsFor("new.example:5000")).isEqualTo(new Credentials.Basic("carol", "pw2"));
        assertThat(DockerConfig.load(config).credentialsFor("unknown.example")).isInstanceOf(Credentials.Anonymous.class);
    }

    @Test
    void challengesParse() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"");
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).contains("https://auth.example/token");
        assertThat(c.param("scope")).contains("repository:a/b:pull");
        assertThat(AuthChallenge.parse("Basic realm=\"x\"").isBasic()).isTrue();
    }
}
