package dev.cairn.sbom;

import dev.cairn.sbom.binary.CargoAuditableCataloger;
import dev.cairn.sbom.binary.GoBinaryCataloger;
import dev.cairn.sbom.binary.JavaArchiveCataloger;
import dev.cairn.sbom.lang.CargoLockCataloger;
import dev.cairn.sbom.lang.ComposerInstalledCataloger;
import dev.cairn.sbom.lang.DotnetDepsCataloger;
import dev.cairn.sbom.lang.GemspecCataloger;
import dev.cairn.sbom.lang.NpmCataloger;
import dev.cairn.sbom.lang.PythonPackageCataloger;

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
                new RpmCataloger(),
                new PythonPackageCataloger(),
                new NpmCataloger(),
                new ComposerInstalledCataloger(),
                new GemspecCataloger(),
                new DotnetDepsCataloger(),
                new CargoLockCataloger(),
                new JavaArchiveCataloger(),
                new GoBinaryCataloger(),
                new CargoAuditableCataloger());
    }
}
