/**
 * Catalogers for packages inside binaries and archives, each reading its file once as a stream with
 * every size from the file bounded:
 * {@link dev.cairn.sbom.binary.JavaArchiveCataloger} (Maven, jar/war/ear/jpi/hpi, nested archives),
 * {@link dev.cairn.sbom.binary.GoBinaryCataloger} (Go build info, Go 1.18+) and
 * {@link dev.cairn.sbom.binary.CargoAuditableCataloger} (Rust {@code cargo auditable} {@code .dep-v0}).
 * The Go and Rust catalogers share the ELF reader ({@code Elf}) and the choice of candidate paths
 * ({@code Executables}); content (the magic number) decides.
 */
package dev.cairn.sbom.binary;
