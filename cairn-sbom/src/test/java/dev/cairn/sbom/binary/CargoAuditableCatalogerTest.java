package dev.cairn.sbom.binary;

import dev.cairn.sbom.Ecosystem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CargoAuditableCatalogerTest {
    private static final String AUDIT = """
            {"packages":[
              {"name":"myapp","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
              {"name":"serde","version":"1.0.197","source":"crates.io","dependencies":[3]},
              {"name":"libc","version":"0.2.153","source":"crates.io"},
              {"name":"serde_derive","version":"1.0.197","source":"crates.io","kind":"build"}
            ]}""";

    private final CargoAuditableCataloger cataloger = new CargoAuditableCataloger();

    static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private Recording scan(CargoAuditableCataloger c, byte[] elf) throws IOException {
        Recording out = new Recording();
        c.read(Recording.file("usr/local/bin/myapp", elf), out);
        return out;
    }

    private static byte[] elfWith(byte[] depSection) {
        byte[] text = new byte[3000];
        new java.util.Random(9).nextBytes(text);
        return new SyntheticElf().section(".text", text, false).section(".dep-v0", depSection, false)
                .section(".comment", "rustc".getBytes(StandardCharsets.US_ASCII), false).bytes();
    }

    @Test
    void depSectionYieldsRuntimeCratesWithTheirDependencies() throws IOException {
        Recording out = scan(cataloger, elfWith(zlib(AUDIT.getBytes(StandardCharsets.UTF_8))));
        assertThat(out.warnings).isEmpty();
        assertThat(out.purls()).containsExactly("pkg:cargo/myapp@0.1.0", "pkg:cargo/serde@1.0.197", "pkg:cargo/libc@0.2.153");
        assertThat(out.packages.get(0).dependsOn()).containsExactly("serde", "libc");
        assertThat(out.packages.get(1).dependsOn()).containsExactly("serde_derive");
        assertThat(out.packages).allSatisfy(p -> assertThat(p.ecosystem()).isEqualTo(Ecosystem.CARGO));
    }

    @Test
    void elfWithoutDepSectionYieldsNothing() throws IOException {
        byte[] elf = new SyntheticElf().section(".text", new byte[100], false).bytes();
        Recording out = scan(cataloger, elf);
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).isEmpty();
    }

    @Test
    void hugeCompressedDepSectionIsBounded() throws IOException {
        // 16 MiB of JSON whitespace deflate to about 16 KiB: inflation stops at the 8 MiB cap
        byte[] json = new byte[16 << 20];
        Arrays.fill(json, (byte) ' ');
        json[0] = '{';
        json[json.length - 1] = '}';
        long start = System.nanoTime();
        Recording out = scan(cataloger, elfWith(zlib(json)));
        assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
        assertThat(out.packages).isEmpty();
        assertThat(out.warnings).singleElement().asString().contains("inflates to more than 8388608 bytes");

        // a section header claiming more than the compressed limit is refused before anything is read
        byte[] elf = elfWith(new byte[16]);
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putLong((int) header.getLong(0x28) + 2 * 64 + 32, 1L << 40);
        assertThat(scan(cataloger, elf).warnings).singleElement().asString().contains("over the 8388608 byte limit");
    }

    @Test
    void malformedDepSectionsYieldWarnings() throws IOException {
        assertThat(scan(cataloger, elfWith("not zlib at all".getBytes(StandardCharsets.US_ASCII))).warnings)
                .singleElement().asString().contains("not zlib data");
        byte[] z = zlib(AUDIT.getBytes(StandardCharsets.UTF_8));
        assertThat(scan(cataloger, elfWith(Arrays.copyOf(z, z.length / 2))).warnings)
                .singleElement().asString().contains("cut-off zlib stream");
        assertThat(scan(cataloger, elfWith(zlib("{\"packages\": [".getBytes(StandardCharsets.UTF_8)))).warnings)
                .singleElement().asString().contains("not valid JSON");
        assertThat(scan(cataloger, elfWith(zlib("{\"crates\": []}".getBytes(StandardCharsets.UTF_8)))).warnings)
                .singleElement().asString().contains("no \"packages\" array");
        // out-of-range dependency indices are dropped, not followed
        String odd = "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"dependencies\":[7,-1,\"x\",0]}]}";
        assertThat(scan(cataloger, elfWith(zlib(odd.getBytes(StandardCharsets.UTF_8)))).packages.get(0).dependsOn()).containsExactly("a");
    }

    @Test
    void sectionHeadersPointingOutsideTheFileYieldWarnings() throws IOException {
        byte[] elf = elfWith(zlib(AUDIT.getBytes(StandardCharsets.UTF_8)));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        // .dep-v0 is section 2: move its offset far past the end
        b.putLong((int) shoff + 2 * 64 + 24, 1L << 50);
        assertThat(scan(cataloger, elf).warnings).singleElement().asString().contains("lies outside the file");
        // a section header table past the end (the file was cut off)
        byte[] cut = Arrays.copyOf(elfWith(zlib(AUDIT.getBytes(StandardCharsets.UTF_8))), 5000);
        assertThat(scan(cataloger, cut).warnings).singleElement().asString().contains("malformed ELF section headers");
    }
}
