package dev.cairn.sbom;

import java.util.Objects;
import java.util.Optional;

/** The distribution of an image, from /etc/os-release or its fallbacks. {@code id} is e.g. debian, alpine, rhel. */
public record OsRelease(String id, String versionId, Optional<String> prettyName, Optional<String> codename) {
    public OsRelease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(prettyName, "prettyName");
        Objects.requireNonNull(codename, "codename");
    }

    /** The PURL distro qualifier: {@code debian-12}, {@code alpine-3.19.1}. */
    public String distro() {
        return id + "-" + versionId;
    }
}
