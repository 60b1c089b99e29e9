package dev.cairn.sbom;

/** Where a package comes from, and its package-URL type. */
public enum Ecosystem {
    DEB("deb", true), APK("apk", true), RPM("rpm", true),
    PYPI("pypi", false), NPM("npm", false), MAVEN("maven", false), GOLANG("golang", false),
    CARGO("cargo", false), NUGET("nuget", false), GEM("gem", false), COMPOSER("composer", false);

    private final String purlType;
    private final boolean operatingSystem;

    Ecosystem(String purlType, boolean operatingSystem) {
        this.purlType = purlType;
        this.operatingSystem = operatingSystem;
    }

    public String purlType() {
        return purlType;
    }

    /** OS packages get the distro qualifier in their PURL and are keyed by source package in advisories. */
    public boolean operatingSystem() {
        return operatingSystem;
    }
}
