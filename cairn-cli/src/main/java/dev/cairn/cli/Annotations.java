package dev.cairn.cli;

import dev.cairn.model.CairnException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -a key=value} flags. */
final class Annotations {
    private Annotations() {
    }

    static Map<String, String> parse(List<String> flags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String flag : flags == null ? List.<String>of() : flags) {
            int eq = flag.indexOf('=');
            if (eq <= 0) {
                throw CairnException.invalid("annotation '" + flag + "' is not key=value");
            }
            map.put(flag.substring(0, eq), flag.substring(eq + 1));
        }
        return map;
    }
}
