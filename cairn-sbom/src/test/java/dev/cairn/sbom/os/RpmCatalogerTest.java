package dev.cairn.sbom.os;

import dev.cairn.sbom.Catalogers;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Package;
import dev.cairn.sbom.Purls;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.SbomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rpmdb.sqlite built here with sqlite-jdbc and header blobs made per the rpm header format. */
class RpmCatalogerTest {
    @TempDir
    Path tmp;

    private static void rpmdb(Path file, List<byte[]> blobs) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.createStatement().execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO Packages (blob) VALUES (?)")) {
                for (byte[] b : blobs) {
                    insert.setBytes(1, b);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Test
    void readsPackagesFromRpmdbSqlite() throws Exception {
        Path root = tmp.resolve("root");
        rpmdb(root.resolve("usr/lib/sysimage/rpm/rpmdb.sqlite"), List.of(
                RpmHeaderBuilder.pkg("bash", "5.1.8", "9.el9", null, "x86_64", "GPLv3+", "bash-5.1.8-9.el9.src.rpm"),
                RpmHeaderBuilder.pkg("openssl-libs", "3.0.7", "27.el9", 1, "x86_64", "ASL 2.0", "openssl-3.0.7-27.el9.src.rpm"),
                RpmHeaderBuilder.pkg("gpg-pubkey", "fd431d51", "4ae0493b", null, "(none)", "pubkey", null),
                new RpmHeaderBuilder().string(RpmHeader.NAME, "broken").entry(RpmHeader.VERSION, RpmHeader.TYPE_STRING, 1 << 20, 1).build(),
                new byte[] {1, 2, 3}));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.3\"\n");
        Sbom sbom = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none()).fromDirectory(root);
        assertThat(sbom.packages()).extracting(Package::name).containsExactly("bash", "openssl-libs");
        Package openssl = sbom.packages().get(1);
        assertThat(openssl.ecosystem()).isEqualTo(Ecosystem.RPM);
        assertThat(openssl.version()).isEqualTo("3.0.7-27.el9");
        assertThat(openssl.qualifiers()).containsEntry("epoch", "1").containsEntry("arch", "x86_64");
        assertThat(openssl.source()).contains(new Package.Source("openssl", "3.0.7-27.el9"));
        assertThat(openssl.licenses()).containsExactly("ASL 2.0");
        assertThat(Purls.of(openssl, sbom.os())).isEqualTo("pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1");
        assertThat(sbom.warnings()).singleElement().satisfies(w -> assertThat(w).contains("2 malformed rpm headers"));
        // the temp copy is gone
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("cairn-rpmdb-"))).isEmpty();
        }
    }

    @Test
    void berkeleyDbAndNdbAreReportedNotSilentlySkipped() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/rpm"));
        Files.write(root.resolve("var/lib/rpm/Packages"), new byte[4096]);
        Files.write(root.resolve("var/lib/rpm/Packages.db"), new byte[4096]);
        Sbom sbom = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none()).fromDirectory(root);
        assertThat(sbom.warnings()).containsExactlyInAnyOrder(
                "var/lib/rpm/Packages: rpm BerkeleyDB database not supported yet; its packages are not listed",
                "var/lib/rpm/Packages.db: rpm NDB database not supported yet; its packages are not listed");
    }

    @Test
    void garbageSqliteFileYieldsWarning() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/rpm"));
        Files.writeString(root.resolve("var/lib/rpm/rpmdb.sqlite"), "not a database at all, just text ".repeat(100));
        Sbom sbom = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none()).fromDirectory(root);
        assertThat(sbom.packages()).isEmpty();
        assertThat(sbom.warnings()).singleElement().satisfies(w -> assertThat(w).contains("not a readable rpm sqlite database"));
    }

    @Test
    void headerParserChecksEveryNumber() {
        byte[] ok = RpmHeaderBuilder.pkg("a", "1", "2", 3, "noarch", "MIT", null);
        RpmHeader h = RpmHeader.parse(ok);
        assertThat(h.string(RpmHeader.NAME)).contains("a");
        assertThat(h.int32(RpmHeader.EPOCH)).hasValue(3);
        assertThat(h.string(RpmHeader.SOURCERPM)).isEmpty();
        // the package-file form with the 8-byte magic in front parses the same
        byte[] withMagic = new byte[ok.length + 8];
        System.arraycopy(new byte[] {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 1}, 0, withMagic, 0, 4);
        System.arraycopy(ok, 0, withMagic, 8, ok.length);
        assertThat(RpmHeader.parse(withMagic).string(RpmHeader.ARCH)).contains("noarch");
        assertThatThrownBy(() -> RpmHeader.parse(java.util.Arrays.copyOf(ok, ok.length - 1))).hasMessageContaining("truncated");
        byte[] huge = ok.clone();
        huge[0] = 0x7f; // il = 0x7f0000xx entries
        assertThatThrownBy(() -> RpmHeader.parse(huge)).hasMessageContaining("entries");
        byte[] unterminated = new RpmHeaderBuilder().entry(RpmHeader.NAME, RpmHeader.TYPE_STRING, 0, 1).build();
        unterminated[unterminated.length - 1] = 'x';
        java.util.Arrays.fill(unterminated, 8 + 32, unterminated.length, (byte) 'x');
        assertThatThrownBy(() -> RpmHeader.parse(unterminated)).hasMessageContaining("NUL-terminated");
        assertThat(RpmHeader.parse(new RpmHeaderBuilder().i18n(RpmHeader.LICENSE, "GPL").string(RpmHeader.NAME, "n").build())
                .string(RpmHeader.LICENSE)).contains("GPL");
    }
}
