package dev.cairn.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import java.util.Optional;
import java.util.TreeMap;

/** Package URLs as the field writes them: {@code pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12}. */
public final class Purls {
    private Purls() {
    }

    public static String of(Package pkg, Optional<OsRelease> os) {
        TreeMap<String, String> qualifiers = new TreeMap<>(pkg.qualifiers());
        Optional<String> namespace = pkg.namespace();
        if (pkg.ecosystem().operatingSystem() && os.isPresent()) {
            qualifiers.put("distro", os.get().distro());
            if (namespace.isEmpty()) {
                namespace = Optional.of(os.get().id());
            }
        }
        try {
            return new PackageURL(pkg.ecosystem().purlType(), namespace.orElse(null), pkg.name(),
                    pkg.version().isEmpty() ? null : pkg.version(), qualifiers.isEmpty() ? null : qualifiers, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            // names come from untrusted files; an unrepresentable one is kept, typed, without a PURL
            return "";
        }
    }
}
