package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.sign.SignatureFormat;

final class Formats {
    private Formats() {
    }

    static SignatureFormat parse(String format) {
        return switch (format) {
            case "bundle" -> SignatureFormat.BUNDLE;
            case "legacy" -> SignatureFormat.LEGACY;
            default -> throw CairnException.invalid("unknown --format '" + format + "': use bundle or legacy");
        };
    }
}
