package dev.cairn.sbom.binary;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Maven packages inside Java archives (jar, war, ear, Jenkins jpi/hpi), read as a stream: the archive
 * is walked once with {@link ZipInputStream} and never buffered.
 *
 * <p>Every {@code META-INF/maven/<group>/<artifact>/pom.properties} yields one package, so a fat or
 * shaded jar reports everything it bundles (as syft and trivy do). Archives inside archives
 * (war {@code WEB-INF/lib}, Spring Boot {@code BOOT-INF/lib}, ear modules) are read recursively through
 * the same stream and reported at {@code outer.war!/WEB-INF/lib/inner.jar}. An archive without any
 * pom.properties falls back to its manifest ({@code Implementation-Title/-Version},
 * {@code Bundle-SymbolicName/-Version}, {@code Automatic-Module-Name}) and to its file name
 * ({@code name-1.2.3.jar}); the name comes from the file name first, because manifest titles are often
 * prose ("Apache Commons Text"). The group is {@code Implementation-Vendor-Id}, else the name itself
 * (syft's rule; a Maven PURL needs a group), and there is no sha1 lookup against Maven Central, so such
 * a group may be wrong. Licenses come from {@code Bundle-License}.
 *
 * <p>Hostile archives are bounded per top-level file: inflated bytes, entries, nesting depth, the size
 * of the small files actually parsed, and the compression ratio of every entry. Crossing a bound is a
 * warning; what was found before it is kept.
 */
public final class JavaArchiveCataloger implements Cataloger {
    /** The bounds; package-private so tests can make them small. */
    record Limits(long maxInflatedBytes, int maxEntries, int maxDepth, int maxPomProperties, int maxManifest,
                  int maxRatio, long ratioFloor) {
        static final Limits DEFAULT = new Limits(1L << 30, 100_000, 4, 64 * 1024, 512 * 1024, 200, 1L << 20);
    }

    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[\\w.+\\-]*)");
    private static final String[] EXTENSIONS = {".jar", ".war", ".ear", ".jpi", ".hpi"};

    private final Limits limits;

    public JavaArchiveCataloger() {
        this(Limits.DEFAULT);
    }

    JavaArchiveCataloger(Limits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "java-archive";
    }

    @Override
    public boolean wants(String path) {
        return isArchiveName(path);
    }

    @Override
    public long maxBytes() {
        return 512L * 1024 * 1024;
    }

    static boolean isArchiveName(String path) {
        for (String ext : EXTENSIONS) {
            if (path.length() > ext.length() && path.regionMatches(true, path.length() - ext.length(), ext, 0, ext.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        Streams.Counting raw = new Streams.Counting(file.content());
        Scan scan = new Scan(file, out);
        try {
            walk(raw, file.path(), 0, scan);
        } catch (LimitExceeded e) {
            out.warn(file.path(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (raw.failed() && e instanceof IOException io) {
                throw io;
            }
            out.warn(file.path(), "truncated or corrupt Java archive: " + describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * One archive, possibly nested: its own entries, and what it yielded, emitted when it ends however
     * it ends. Returns the names of the packages emitted for it, which its parent archive depends on.
     */
    private List<String> walk(InputStream in, String path, int depth, Scan scan) throws IOException {
        Streams.Counting counted = new Streams.Counting(in);
        Found found = new Found(path);
        try (ZipInputStream zip = new ZipInputStream(counted)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                found.entries++;
                if (++scan.entries > limits.maxEntries) {
                    throw new LimitExceeded("more than " + limits.maxEntries + " entries in the archive (zip bomb?)");
                }
                String name = entry.getName();
                EntryStream body = new EntryStream(zip, counted, path, name, scan);
                if (entry.isDirectory()) {
                    // nothing to read
                } else if (POM_PROPERTIES.matcher(name).matches()) {
                    Optional<byte[]> bytes = Streams.readAtMost(body, limits.maxPomProperties);
                    if (bytes.isEmpty()) {
                        throw new LimitExceeded(path + "!/" + name + " is larger than " + limits.maxPomProperties + " bytes");
                    }
                    found.pomProperties(bytes.get(), scan);
                } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    Optional<byte[]> bytes = Streams.readAtMost(body, limits.maxManifest);
                    if (bytes.isEmpty()) {
                        throw new LimitExceeded(path + "!/" + name + " is larger than " + limits.maxManifest + " bytes");
                    }
                    found.manifest(bytes.get(), scan);
                } else if (isArchiveName(name)) {
                    String nestedPath = path + "!/" + name;
                    if (depth + 1 > limits.maxDepth) {
                        scan.out.warn(nestedPath, "archives nested deeper than " + limits.maxDepth + " levels are not read");
                    } else {
                        found.nested.addAll(nested(body, nestedPath, depth + 1, scan));
                    }
                }
                body.drain();
            }
            found.complete = true;
        } finally {
            found.emit(scan);
        }
        return found.emittedNames;
    }

    /** A nested archive that is corrupt costs only itself; the outer archive goes on. */
    private List<String> nested(EntryStream body, String nestedPath, int depth, Scan scan) throws IOException {
        try {
            return walk(body, nestedPath, depth, scan);
        } catch (LimitExceeded e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (body.outerFailed()) {
                throw e;
            }
            scan.out.warn(nestedPath, "truncated or corrupt nested Java archive: " + describe(e));
            return List.of();
        }
    }

    /** State of one top-level file: the budgets shared by all its nested archives. */
    private static final class Scan {
        final FileEntry file;
        final Emitter out;
        long inflated;
        int entries;

        Scan(FileEntry file, Emitter out) {
            this.file = file;
            this.out = out;
        }
    }

    /** A bound was crossed: the whole top-level archive stops. */
    private static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    /**
     * The current entry of a {@link ZipInputStream}, counting what it inflates against the budget and
     * checking its compression ratio against the compressed bytes consumed meanwhile.
     */
    private final class EntryStream extends InputStream {
        private final ZipInputStream zip;
        private final Streams.Counting compressed;
        private final long compressedStart;
        private final String where;
        private final Scan scan;
        private long inflated;
        private boolean outerFailed;

        EntryStream(ZipInputStream zip, Streams.Counting compressed, String archive, String name, Scan scan) {
            this.zip = zip;
            this.compressed = compressed;
            this.compressedStart = compressed.count();
            this.where = archive + "!/" + name;
            this.scan = scan;
        }

        /** Whether reading this entry failed in the archive around it, rather than in what was read from it. */
        boolean outerFailed() {
            return outerFailed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r;
            try {
                r = zip.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                outerFailed = true;
                throw e;
            }
            if (r > 0) {
                account(r);
            }
            return r;
        }

        private void account(int n) throws LimitExceeded {
            inflated += n;
            scan.inflated += n;
            if (scan.inflated > limits.maxInflatedBytes) {
                throw new LimitExceeded("archive inflates to more than " + limits.maxInflatedBytes + " bytes (zip bomb?)");
            }
            long consumed = compressed.count() - compressedStart;
            if (inflated > limits.ratioFloor && inflated > (long) limits.maxRatio * Math.max(1, consumed)) {
                throw new LimitExceeded(where + " has a compression ratio over " + limits.maxRatio + ":1 (zip bomb?)");
            }
        }

        /** Reads the rest of the entry through the budget (ZipInputStream would otherwise inflate it uncounted). */
        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // counted in read
            }
        }

        @Override
        public void close() {
            // the entry belongs to the outer ZipInputStream
        }
    }

    /** What one archive (top-level or nested) yielded. */
    private static final class Found {
        final String path;
        final Map<String, Package> fromPom = new LinkedHashMap<>();
        /** Packages of the archives nested in this one: Maven nesting is a dependency (a war needs its WEB-INF/lib). */
        final List<String> nested = new ArrayList<>();
        List<String> emittedNames = List.of();
        Attributes manifest;
        int entries;
        boolean complete;

        Found(String path) {
            this.path = path;
        }

        void pomProperties(byte[] bytes, Scan scan) {
            Properties props = new Properties();
            try {
                props.load(new ByteArrayInputStream(bytes));
            } catch (IOException | IllegalArgumentException e) {
                scan.out.warn(path, "unreadable pom.properties: " + describe(e));
                return;
            }
            String group = trimmed(props.getProperty("groupId"));
            String artifact = trimmed(props.getProperty("artifactId"));
            String version = trimmed(props.getProperty("version"));
            if (group.isEmpty() || artifact.isEmpty() || version.isEmpty()) {
                scan.out.warn(path, "pom.properties without groupId, artifactId or version");
                return;
            }
            fromPom.putIfAbsent(group + ":" + artifact + ":" + version,
                    Package.of(Ecosystem.MAVEN, artifact, version, path).withNamespace(group));
        }

        void manifest(byte[] bytes, Scan scan) {
            try {
                manifest = new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
            } catch (IOException | RuntimeException e) {
                scan.out.warn(path, "unreadable META-INF/MANIFEST.MF: " + describe(e));
            }
        }

        void emit(Scan scan) {
            if (entries == 0) {
                if (complete) {
                    scan.out.warn(path, "not a zip archive, or empty");
                }
                return;
            }
            List<String> licenses = manifest == null ? List.of() : licenses(attribute("Bundle-License"));
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            String stem = fileName.substring(0, Math.max(0, fileName.lastIndexOf('.')));
            Matcher nv = NAME_VERSION.matcher(stem);
            String fileArtifact = nv.matches() ? nv.group(1) : stem;
            String fileVersion = nv.matches() ? nv.group(2) : "";
            List<Package> packages = new ArrayList<>();
            if (!fromPom.isEmpty()) {
                for (Package p : fromPom.values()) {
                    // the manifest describes the archive itself: its license goes to the artifact the archive is
                    boolean own = fromPom.size() == 1 || p.name().equals(fileArtifact);
                    packages.add(own ? p.withLicenses(licenses).withDependsOn(nested) : p);
                }
            } else if (complete) {
                // a guess from the manifest and the file name, made only for an archive read to its end:
                // the pom.properties of a cut-off archive may have been in the part that is missing
                String name = firstNonEmpty(fileArtifact, attribute("Bundle-SymbolicName"),
                        attribute("Automatic-Module-Name"), attribute("Implementation-Title"));
                String version = firstNonEmpty(attribute("Implementation-Version"), attribute("Bundle-Version"),
                        fileVersion, attribute("Specification-Version"));
                // Bundle-SymbolicName may carry directives: org.example.foo;singleton:=true
                int semi = name.indexOf(';');
                name = (semi >= 0 ? name.substring(0, semi) : name).trim();
                if (!name.isEmpty()) {
                    // a Maven PURL needs a group; without Implementation-Vendor-Id the name stands in, as syft does
                    packages.add(Package.of(Ecosystem.MAVEN, name, version, path)
                            .withNamespace(firstNonEmpty(attribute("Implementation-Vendor-Id"), name))
                            .withLicenses(licenses).withDependsOn(nested));
                }
            }
            for (Package p : packages) {
                scan.out.add(p.withLayer(scan.file.layer()));
            }
            emittedNames = packages.stream().map(Package::name).toList();
        }

        private String attribute(String name) {
            return manifest == null ? "" : trimmed(manifest.getValue(name));
        }
    }

    /** {@code Bundle-License}: a comma-separated list of licences, each maybe followed by {@code ;link=...} attributes. */
    static List<String> licenses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                String clause = current.toString();
                int semi = clause.indexOf(';');
                String license = (semi >= 0 ? clause.substring(0, semi) : clause).trim();
                if (!license.isEmpty() && !out.contains(license)) {
                    out.add(license);
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return out;
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }
}
