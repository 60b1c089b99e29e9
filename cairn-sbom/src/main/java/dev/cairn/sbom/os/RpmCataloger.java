package dev.cairn.sbom.os;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RPM packages from the sqlite rpm database ({@code rpmdb.sqlite}: Fedora 33+, RHEL/UBI 9+, at
 * {@code var/lib/rpm} or {@code usr/lib/sysimage/rpm}). Its {@code Packages(hnum, blob)} table
 * holds one rpm header per package, parsed by {@link RpmHeader}. sqlite needs a file, so the
 * database is copied to a private temp file (bounded by {@link #maxBytes()}) and deleted after.
 *
 * <p>Not supported yet, and said so in a warning rather than skipped silently: the BerkeleyDB
 * {@code Packages} database (RHEL/CentOS 7 and 8, UBI 8) and the NDB {@code Packages.db} (SUSE).
 */
public final class RpmCataloger implements Cataloger {
    private static final List<String> DIRS = List.of("var/lib/rpm/", "usr/lib/sysimage/rpm/");
    private static final Pattern SOURCE_RPM = Pattern.compile("(.+)-([^-]+)-([^-]+)\\.(?:no)?src\\.rpm");
    private static final int MAX_PACKAGES = 200_000;

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public boolean wants(String path) {
        for (String dir : DIRS) {
            if (path.startsWith(dir)) {
                String file = path.substring(dir.length());
                return file.equals("rpmdb.sqlite") || file.equals("Packages") || file.equals("Packages.db");
            }
        }
        return false;
    }

    /** Databases of big hosts run to a few hundred MB; images are far smaller. */
    @Override
    public long maxBytes() {
        return 512L * 1024 * 1024;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        switch (file.fileName()) {
            case "Packages" -> out.warn(file.path(), "rpm BerkeleyDB database not supported yet; its packages are not listed");
            case "Packages.db" -> out.warn(file.path(), "rpm NDB database not supported yet; its packages are not listed");
            default -> readSqlite(file, out);
        }
    }

    private void readSqlite(FileEntry file, Emitter out) throws IOException {
        Path temp = Files.createTempFile("cairn-rpmdb-", ".sqlite");
        try {
            Files.copy(file.content(), temp, StandardCopyOption.REPLACE_EXISTING);
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            int bad = 0;
            String firstProblem = null;
            int count = 0;
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + temp, config.toProperties());
                 Statement st = db.createStatement();
                 ResultSet rows = st.executeQuery("SELECT blob FROM Packages")) {
                while (rows.next()) {
                    if (++count > MAX_PACKAGES) {
                        out.warn(file.path(), "more than " + MAX_PACKAGES + " packages; the rest are not listed");
                        break;
                    }
                    byte[] blob = rows.getBytes(1);
                    try {
                        toPackage(RpmHeader.parse(blob == null ? new byte[0] : blob), file).ifPresent(out::add);
                    } catch (IllegalArgumentException e) {
                        bad++;
                        firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
                    }
                }
            } catch (SQLException e) {
                out.warn(file.path(), "not a readable rpm sqlite database: " + e.getMessage());
                return;
            }
            if (bad > 0) {
                out.warn(file.path(), bad + " malformed rpm headers skipped (first: " + firstProblem + ")");
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static Optional<Package> toPackage(RpmHeader h, FileEntry file) {
        Optional<String> name = h.string(RpmHeader.NAME).filter(s -> !s.isBlank() && s.chars().noneMatch(Character::isWhitespace));
        Optional<String> version = h.string(RpmHeader.VERSION);
        if (name.isEmpty() || version.isEmpty()) {
            throw new IllegalArgumentException("rpm header without a name or version");
        }
        if (name.get().equals("gpg-pubkey")) {
            return Optional.empty(); // imported signing keys are recorded as pseudo-packages; they are not software
        }
        String fullVersion = version.get() + h.string(RpmHeader.RELEASE).filter(r -> !r.isEmpty()).map(r -> "-" + r).orElse("");
        Map<String, String> qualifiers = new HashMap<>();
        h.string(RpmHeader.ARCH).filter(a -> !a.isEmpty()).ifPresent(a -> qualifiers.put("arch", a));
        OptionalInt epoch = h.int32(RpmHeader.EPOCH);
        if (epoch.isPresent() && epoch.getAsInt() != 0) {
            qualifiers.put("epoch", Integer.toString(epoch.getAsInt()));
        }
        Package pkg = Package.of(Ecosystem.RPM, name.get(), fullVersion, file.path())
                .withQualifiers(qualifiers)
                .withLayer(file.layer());
        Optional<String> license = h.string(RpmHeader.LICENSE).filter(l -> !l.isBlank());
        if (license.isPresent()) {
            pkg = pkg.withLicenses(List.of(license.get()));
        }
        Optional<String> sourceRpm = h.string(RpmHeader.SOURCERPM);
        if (sourceRpm.isPresent()) {
            Matcher m = SOURCE_RPM.matcher(sourceRpm.get());
            if (m.matches()) {
                pkg = pkg.withSource(m.group(1), m.group(2) + "-" + m.group(3));
            }
        }
        return Optional.of(pkg);
    }
}
