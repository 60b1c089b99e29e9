package dev.cairn.sbom.lang;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Package;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An emitter that keeps what it is given, and a tiny stand-in for the layer pipeline: it offers
 * every file of a test resource tree to {@link Cataloger#wants}, reads the wanted ones cut at
 * {@link Cataloger#maxBytes()}, then calls {@link Cataloger#finish}.
 */
final class Collected implements Emitter {
    final List<Package> packages = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public void add(Package pkg) {
        packages.add(pkg);
    }

    @Override
    public void os(OsRelease os) {
        throw new AssertionError("language catalogers do not report an OS");
    }

    @Override
    public void warn(String path, String message) {
        Objects.requireNonNull(message);
        if (message.contains("\n")) {
            throw new AssertionError("warning is not one line: " + message);
        }
        warnings.add(path + ": " + message);
    }

    Package only(String name) {
        List<Package> found = packages.stream().filter(p -> p.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one package " + name + ", found " + found + " in " + packages);
        }
        return found.get(0);
    }

    /** Scans a directory under src/test/resources/lang as if it were an image root. */
    static Collected scan(Cataloger cataloger, String resourceDir) {
        Path root = resource(resourceDir);
        Collected out = new Collected();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (cataloger.wants(rel)) {
                    try (InputStream in = Files.newInputStream(f)) {
                        cataloger.read(new FileEntry(rel, Files.size(f), limit(in, cataloger.maxBytes()), Optional.empty()), out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cataloger.finish(out);
        return out;
    }

    /** Reads one in-memory file at {@code path}, without asking {@code wants}. */
    static Collected read(Cataloger cataloger, String path, String content) {
        return read(cataloger, path, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    static Collected read(Cataloger cataloger, String path, InputStream content) {
        Collected out = new Collected();
        try {
            cataloger.read(new FileEntry(path, -1, limit(content, cataloger.maxBytes()), Optional.empty()), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cataloger.finish(out);
        return out;
    }

    static Path resource(String dir) {
        try {
            return Path.of(Objects.requireNonNull(Collected.class.getResource("/lang/" + dir), dir).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipeline's cut: the stream ends after {@code max} bytes. */
    static InputStream limit(InputStream in, long max) {
        return new InputStream() {
            long left = max;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
