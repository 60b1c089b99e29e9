package dev.cairn.sbom.lang;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;

/**
 * Installed Python distributions: wheel installs ({@code *.dist-info/METADATA}), setuptools
 * installs ({@code *.egg-info/PKG-INFO}, or a single-file {@code *.egg-info}), and a bare
 * {@code PKG-INFO} (eggs' {@code EGG-INFO/PKG-INFO}) under site-packages or dist-packages.
 *
 * <p>The package name is PEP 503-normalised ({@code Jinja2} → {@code jinja2}) because the PURL and
 * advisory databases key on that form and {@link Package} has one name. Dependencies come from
 * {@code Requires-Dist}; egg-info keeps them in {@code requires.txt}, which is not read, so
 * egg-info packages carry none.
 */
public final class PythonPackageCataloger implements Cataloger {
    @Override
    public String name() {
        return "python-installed";
    }

    @Override
    public boolean wants(String path) {
        if (path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO") || path.endsWith(".egg-info")) {
            return true;
        }
        return path.endsWith("/PKG-INFO") && (path.contains("site-packages/") || path.contains("dist-packages/"));
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        PythonMetadata meta = PythonMetadata.read(file.content());
        if (meta.name().isEmpty() || meta.version().isEmpty()) {
            out.warn(file.path(), "not Python package metadata: no " + (meta.name().isEmpty() ? "Name" : "Version") + " header");
            return;
        }
        if (!Pep503.valid(meta.name().get())) {
            out.warn(file.path(), "Python package metadata with an unusable Name header");
            return;
        }
        out.add(Package.of(Ecosystem.PYPI, Pep503.normalise(meta.name().get()), meta.version().get(), file.path())
                .withLicenses(meta.licenses())
                .withDependsOn(meta.requires())
                .withLayer(file.layer()));
    }
}
