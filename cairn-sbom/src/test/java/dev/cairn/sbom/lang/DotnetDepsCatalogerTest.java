package dev.cairn.sbom.lang;

import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Purls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DotnetDepsCatalogerTest {
    private final DotnetDepsCataloger cataloger = new DotnetDepsCataloger();

    @Test
    void packagesButNotTheAppsOwnProjects() {
        Collected c = Collected.scan(cataloger, "dotnet");
        assertThat(c.warnings).isEmpty();
        assertThat(c.packages).extracting(p -> Purls.of(p, Optional.empty())).containsExactly(
                "pkg:nuget/Newtonsoft.Json@13.0.3", "pkg:nuget/Serilog.AspNetCore@8.0.0", "pkg:nuget/Serilog@3.1.1");
        assertThat(c.packages).allSatisfy(p -> {
            assertThat(p.ecosystem()).isEqualTo(Ecosystem.NUGET);
            assertThat(p.path()).isEqualTo("app/WebApi.deps.json");
            assertThat(p.licenses()).isEmpty();
        });
    }

    @Test
    void dependenciesFromEveryTarget() {
        Collected c = Collected.scan(cataloger, "dotnet");
        assertThat(c.only("Serilog.AspNetCore").dependsOn()).containsExactly("Serilog", "Serilog.Extensions.Hosting");
        assertThat(c.only("Serilog").dependsOn()).containsExactly("runtime.native.System");
        assertThat(c.only("Newtonsoft.Json").dependsOn()).isEmpty();
    }

    @Test
    void librariesBeforeTargetsWorkToo() {
        String json = "{\"libraries\":{\"A/1.0.0\":{\"type\":\"package\"},\"bad\":{\"type\":\"package\"},\"C/x/1\":{\"type\":\"package\"}},"
                + "\"targets\":{\"t\":{\"A/1.0.0\":{\"dependencies\":{\"B\":\"2.0.0\"}}}}}";
        Collected c = Collected.read(cataloger, "x.deps.json", json);
        assertThat(c.only("A").dependsOn()).containsExactly("B");
        assertThat(c.packages).hasSize(1);
    }

    @Test
    void wants() {
        assertThat(cataloger.wants("app/WebApi.deps.json")).isTrue();
        assertThat(cataloger.wants("app/WebApi.runtimeconfig.json")).isFalse();
    }

    @Test
    void malformedInputsAreWarnings() {
        assertThat(Collected.read(cataloger, "x.deps.json", "{\"libraries\":{\"A/1\":{\"type\":\"package\"}").warnings)
                .singleElement().asString().contains("malformed JSON");
        assertThat(Collected.read(cataloger, "x.deps.json", "[1,2]").warnings).hasSize(1);
        assertThat(Collected.read(cataloger, "x.deps.json", "{\"targets\":" + "{\"a\":".repeat(10_000)).warnings)
                .singleElement().asString().contains("nesting depth");
        Collected odd = Collected.read(cataloger, "x.deps.json", "{\"targets\":[],\"libraries\":{\"A/1\":3,\"B/2\":{\"type\":1}}}");
        assertThat(odd.packages).isEmpty();
        assertThat(odd.warnings).isEmpty();
    }

    @Test
    void aHugeFileIsCutAtMaxBytes() {
        Generated in = new Generated("{\"libraries\":{", "\"P/1.0.0\":{\"type\":\"package\",\"sha512\":\"aaaaaaaaaaaaaaaa\"},", 100L << 20, "}}");
        Collected c = Collected.read(cataloger, "x.deps.json", in);
        assertThat(in.consumed()).isLessThanOrEqualTo(cataloger.maxBytes() + 8192);
        assertThat(c.warnings).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void binaryGarbageIsAWarningNotAnException(long seed) {
        Collected c = Collected.read(cataloger, "x.deps.json", new ByteArrayInputStream(Generated.garbage(seed, 50_000)));
        assertThat(c.packages).isEmpty();
        assertThat(c.warnings).hasSize(1);
    }
}
