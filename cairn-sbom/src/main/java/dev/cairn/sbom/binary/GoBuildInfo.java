package dev.cairn.sbom.binary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build information the Go linker writes into every binary since Go 1.13 (read here in the
 * inline-string form of Go 1.18 and later): a 32-byte header starting with {@code "\xff Go buildinf:"},
 * then the toolchain version and the module information, each as a uvarint length and bytes. The
 * module text is the one {@code runtime/debug.ParseBuildInfo} reads: {@code path}, {@code mod},
 * {@code dep}, {@code =>} (a replacement of the line before) and {@code build} lines.
 */
final class GoBuildInfo {
    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    static final int HEADER = 32;
    static final int ALIGN = 16;
    static final int MAX_VERSION = 1024;
    static final int MAX_MODINFO = 4 << 20;

    private GoBuildInfo() {
    }

    /** What was found at a magic number. */
    sealed interface Result {
        /** The build info: the toolchain version ({@code go1.22.1}) and the module text, framing removed. */
        record Found(String goVersion, String modinfo) implements Result {
        }

        /** Not build info after all (the magic bytes appear by chance); keep looking. */
        record NotBuildInfo() implements Result {
        }

        /** Build info that cannot be read, and why. */
        record Corrupt(String reason) implements Result {
        }
    }

    /** Reads the build info from {@code in}, positioned at the magic number. */
    static Result read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length < HEADER || !startsWithMagic(header, 0)) {
            return new Result.NotBuildInfo();
        }
        int ptrSize = header[14];
        int flags = header[15];
        if (ptrSize != 4 && ptrSize != 8) {
            return new Result.NotBuildInfo();
        }
        if ((flags & 2) == 0) {
            return new Result.Corrupt("Go build info in the pointer format of Go 1.17 and earlier is not supported");
        }
        Optional<String> version = string(in, MAX_VERSION);
        if (version.isEmpty()) {
            return new Result.Corrupt("Go version string is missing, cut off or longer than " + MAX_VERSION + " bytes");
        }
        Optional<String> mod = string(in, MAX_MODINFO);
        if (mod.isEmpty()) {
            return new Result.Corrupt("Go module information is missing, cut off or longer than " + MAX_MODINFO + " bytes");
        }
        String modinfo = mod.get();
        // cmd/go frames the text with 16 sentinel bytes on each side; without them there is no module info
        if (modinfo.length() >= 33 && modinfo.charAt(modinfo.length() - 17) == '\n') {
            modinfo = modinfo.substring(16, modinfo.length() - 16);
        } else {
            modinfo = "";
        }
        return new Result.Found(version.get(), modinfo);
    }

    static boolean startsWithMagic(byte[] b, int at) {
        if (at + MAGIC.length > b.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> string(InputStream in, int cap) throws IOException {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0 || shift > 56) {
                return Optional.empty();
            }
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > cap) {
            return Optional.empty();
        }
        byte[] bytes = in.readNBytes((int) length);
        return bytes.length < length ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** One module: its path, version and checksum, after any replacement. */
    record Module(String path, String version, String sum, Optional<Module> replacedBy) {
        /**
         * The module the binary was built with: the replacement when it is another module version, else the
         * original (a directory replacement, {@code => ./local (devel)}, has no version of its own to report).
         */
        Module effective() {
            return replacedBy.filter(r -> !r.version().isEmpty() && !r.version().equals("(devel)") && !isDirectory(r.path()))
                    .orElse(this);
        }

        private static boolean isDirectory(String path) {
            return path.startsWith("./") || path.startsWith("../") || path.startsWith("/") || path.equals(".")
                    || path.equals("..") || (path.length() > 2 && path.charAt(1) == ':');
        }
    }

    /** The parsed module text. */
    record Modules(String mainPath, Optional<Module> main, List<Module> deps, Map<String, String> settings) {
    }

    /** Parses module text the way {@code runtime/debug.ParseBuildInfo} does, ignoring lines it does not know. */
    static Modules parse(String modinfo) {
        String path = "";
        Module main = null;
        List<Module> deps = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        boolean lastWasMain = false;
        for (String line : modinfo.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "path" -> {
                    if (f.length >= 2) {
                        path = f[1];
                    }
                }
                case "mod" -> {
                    if (f.length >= 3) {
                        main = new Module(f[1], f[2], f.length > 3 ? f[3] : "", Optional.empty());
                        lastWasMain = true;
                    }
                }
                case "dep" -> {
                    if (f.length >= 3) {
                        deps.add(new Module(f[1], f[2], f.length > 3 ? f[3] : "", Optional.empty()));
                        lastWasMain = false;
                    }
                }
                case "=>" -> {
                    if (f.length >= 2) {
                        Module replacement = new Module(f[1], f.length > 2 ? f[2] : "", f.length > 3 ? f[3] : "", Optional.empty());
                        if (lastWasMain && main != null) {
                            main = new Module(main.path(), main.version(), main.sum(), Optional.of(replacement));
                        } else if (!deps.isEmpty()) {
                            Module last = deps.remove(deps.size() - 1);
                            deps.add(new Module(last.path(), last.version(), last.sum(), Optional.of(replacement)));
                        }
                    }
                }
                case "build" -> {
                    if (f.length >= 2) {
                        int eq = f[1].indexOf('=');
                        if (eq > 0) {
                            settings.put(f[1].substring(0, eq), f[1].substring(eq + 1));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new Modules(path, Optional.ofNullable(main), List.copyOf(deps), Map.copyOf(settings));
    }
}
