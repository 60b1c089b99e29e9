package dev.cairn.sbom.format;

/** The name and version this tool writes into the documents it creates. */
final class Tool {
    private Tool() {
    }

    static String version() {
        String v = Tool.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
