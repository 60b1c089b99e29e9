package dev.cairn.sbom.lang;

import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Ruby gems, from the specifications RubyGems writes at install time
 * ({@code .../gems/3.1.0/specifications/rack-3.0.8.gemspec}, and {@code specifications/default/}
 * for default gems). A gemspec is Ruby code: it is never evaluated, only matched line by line
 * against the assignments RubyGems generates ({@code s.name = "rack".freeze},
 * {@code s.licenses = ["MIT".freeze]}, {@code s.add_runtime_dependency(%q<x>.freeze, ...)}).
 * Hand-written gemspecs that compute values, or spread an array over several lines, yield less.
 */
public final class GemspecCataloger implements Cataloger {
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_DEPENDENCIES = 10_000;

    /** A Ruby string literal: "double" (with escapes), 'single', or %q<...> / %q{...} / %q(...) / %q[...]. */
    private static final String STRING = "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^'\\\\]*)'|%q[<{(\\[]([^>})\\]]*)[>})\\]])";
    private static final Pattern ANY_STRING = Pattern.compile(STRING);
    private static final Pattern NAME = Pattern.compile("^\\s*\\w+\\.name\\s*=\\s*" + STRING);
    private static final Pattern VERSION = Pattern.compile("^\\s*\\w+\\.version\\s*=\\s*(?:Gem::Version\\.new\\(\\s*)?" + STRING);
    private static final Pattern LICENSES = Pattern.compile("^\\s*\\w+\\.licenses?\\s*=(.*)$");
    private static final Pattern DEPENDENCY = Pattern.compile("^\\s*\\w+\\.add_(?:runtime_)?dependency\\s*\\(?\\s*" + STRING);
    /** RubyGems' first line, {@code # stub: rack 3.0.8 ruby lib}: the fallback when the assignments are not in the generated form. */
    private static final Pattern STUB = Pattern.compile("^#\\s*stub:\\s*(\\S+)\\s+(\\S+)");
    private static final Pattern ELSE = Pattern.compile("^\\s*else\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*$");
    private static final Pattern GEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Override
    public String name() {
        return "gemspec";
    }

    @Override
    public boolean wants(String path) {
        if (!path.endsWith(".gemspec")) {
            return false;
        }
        int at = path.lastIndexOf("specifications/");
        return at >= 0 && (at == 0 || path.charAt(at - 1) == '/');
    }

    @Override
    public long maxBytes() {
        return 4L * 1024 * 1024;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(file.content(), MAX_LINE);
        String name = null;
        String version = null;
        String stubName = null;
        String stubVersion = null;
        List<String> licenses = new ArrayList<>();
        Set<String> deps = new LinkedHashSet<>();
        boolean inElse = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Matcher m;
            if (ELSE.matcher(line).matches()) {
                // older RubyGems wrote "if s.respond_to? :add_runtime_dependency ... else" with every
                // dependency, development ones included, repeated as add_dependency in the else branch
                inElse = true;
            } else if (END.matcher(line).matches()) {
                inElse = false;
            } else if (stubName == null && (m = STUB.matcher(line)).find()) {
                stubName = m.group(1);
                stubVersion = m.group(2);
            } else if (name == null && (m = NAME.matcher(line)).find()) {
                name = literal(m);
            } else if (version == null && (m = VERSION.matcher(line)).find()) {
                // "#{...}" is interpolation we do not evaluate; the stub line may still say it
                version = literal(m).contains("#{") ? null : literal(m);
            } else if (licenses.isEmpty() && (m = LICENSES.matcher(line)).find()) {
                Matcher s = ANY_STRING.matcher(m.group(1));
                while (s.find() && licenses.size() < 100) {
                    String l = literal(s).strip();
                    if (!l.isEmpty()) {
                        licenses.add(l);
                    }
                }
            } else if (!inElse && (m = DEPENDENCY.matcher(line)).find() && deps.size() < MAX_DEPENDENCIES) {
                String dep = literal(m).strip();
                if (GEM_NAME.matcher(dep).matches()) {
                    deps.add(dep);
                }
            }
        }
        Optional<String> gem = Optional.ofNullable(name != null ? name : stubName).map(String::strip)
                .filter(n -> GEM_NAME.matcher(n).matches());
        Optional<String> ver = Optional.ofNullable(version != null ? version : stubVersion).map(String::strip)
                .filter(v -> !v.isEmpty());
        if (gem.isEmpty() || ver.isEmpty()) {
            out.warn(file.path(), "not a RubyGems specification: no " + (gem.isEmpty() ? "name" : "version") + " assignment found");
            return;
        }
        out.add(Package.of(Ecosystem.GEM, gem.get(), ver.get(), file.path())
                .withLicenses(licenses)
                .withDependsOn(new ArrayList<>(deps))
                .withLayer(file.layer()));
    }

    private static String literal(Matcher m) {
        for (int g = m.groupCount() - 2; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return "";
    }
}
