package dev.cairn.vuln.version;

/**
 * {@code [epoch:]version[-release]}, the shape dpkg and rpm versions share (dpkg calls the release
 * the revision). The epoch ends at the first colon ({@code 0} when there is none) and the release
 * starts after the last hyphen ({@code null} when there is none), so a dpkg upstream version may
 * itself hold hyphens, and colons when an epoch is present.
 */
record EpochVersionRelease(String epoch, String version, String release) {
    static EpochVersionRelease split(String v) {
        int colon = v.indexOf(':');
        String epoch = colon >= 0 ? v.substring(0, colon) : "0";
        String rest = colon >= 0 ? v.substring(colon + 1) : v;
        int dash = rest.lastIndexOf('-');
        if (dash < 0) {
            return new EpochVersionRelease(epoch, rest, null);
        }
        return new EpochVersionRelease(epoch, rest.substring(0, dash), rest.substring(dash + 1));
    }

    /** The release, or {@code ""} when there is none (both orders compare a missing one so). */
    String releaseOrEmpty() {
        return release == null ? "" : release;
    }
}
