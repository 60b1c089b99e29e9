package dev.cairn.sbom;

/** dpkg status paragraphs for tests. */
final class StatusFiles {
    private StatusFiles() {
    }

    static String paragraph(String name, String version) {
        return "Package: " + name + "\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: " + version
                + "\nDescription: test package " + name + "\n some long description\n .\n more\n\n";
    }
}
