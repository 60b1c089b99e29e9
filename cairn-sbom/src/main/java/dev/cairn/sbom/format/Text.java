package dev.cairn.sbom.format;

/** String hygiene for text that came from scanned files. */
final class Text {
    private Text() {
    }

    /** Cut to 80 characters, control characters escaped: safe inside a one-line message. */
    static String quotable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return escapeControls(cut);
    }

    /** Control characters (terminal escapes, newlines, bidi overrides) written as {@code \\uXXXX}. */
    static String escapeControls(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Drops what XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/FFFF). */
    static String xmlSafe(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) {
                    out.append(ch).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = ch == 0x9 || ch == 0xA || ch == 0xD || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null && ok) {
                out.append(ch);
            } else if (out != null) {
                out.append('\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }
}
