package dev.cairn.sbom;

import dev.cairn.sbom.os.ApkCataloger;
import dev.cairn.sbom.os.DpkgCataloger;
import dev.cairn.sbom.os.OsReleaseCataloger;
import dev.cairn.sbom.os.RpmCataloger;

import java.util.List;

/** Every cataloger Cairn has, as fresh instances: pass {@code Catalogers::all} to {@link SbomGenerator}. */
public final class Catalogers {
    private Catalogers() {
    }

    public static List<Cataloger> all() {
        return List.of(
                new OsReleaseCataloger(),
                new DpkgCataloger(),
                new ApkCataloger(),
                new RpmCataloger());
    }
}
