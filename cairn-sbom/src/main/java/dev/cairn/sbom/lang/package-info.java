/**
 * Catalogers for language ecosystems: {@link dev.cairn.sbom.lang.PythonPackageCataloger},
 * {@link dev.cairn.sbom.lang.NpmCataloger}, {@link dev.cairn.sbom.lang.ComposerInstalledCataloger},
 * {@link dev.cairn.sbom.lang.GemspecCataloger}, {@link dev.cairn.sbom.lang.DotnetDepsCataloger} and
 * {@link dev.cairn.sbom.lang.CargoLockCataloger}.
 *
 * <p>All of them read untrusted files with bounded memory: text line by line with a cap on line
 * length ({@code BoundedLineReader}), JSON streamed at the top level with Jackson's read
 * constraints ({@code LangJson}), and a cap on entries per file. Damaged content becomes one
 * {@code Emitter.warn} line; only a failing stream throws.
 */
package dev.cairn.sbom.lang;
