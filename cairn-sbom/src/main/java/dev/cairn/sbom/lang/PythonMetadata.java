package dev.cairn.sbom.lang;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers of a Python core-metadata file ({@code METADATA}, {@code PKG-INFO}) that an SBOM
 * needs. The format is RFC 822: headers, a blank line, then a body (the long description) that
 * can be arbitrarily large, so reading stops at the blank line and never looks at the body.
 *
 * @param requires names of unconditional {@code Requires-Dist} requirements, PEP 503-normalised
 */
record PythonMetadata(Optional<String> name, Optional<String> version, Optional<String> license,
                      Optional<String> licenseExpression, List<String> classifierLicenses, List<String> requires) {
    static final int MAX_LINE = 16 * 1024;
    /** Old PKG-INFO folds the whole description into a header; past this many lines we have long passed Name and Version. */
    static final int MAX_HEADER_LINES = 50_000;
    static final int MAX_LIST = 10_000;
    /** A License header longer than this is a pasted licence text, not a licence name. */
    static final int MAX_LICENSE_NAME = 200;

    private static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
    private static final Pattern EXTRA_MARKER = Pattern.compile("\\bextra\\s*==");

    PythonMetadata {
        classifierLicenses = List.copyOf(classifierLicenses);
        requires = List.copyOf(requires);
    }

    /** The licences in order of authority: the SPDX expression, else a short License header, else the trove classifiers. */
    List<String> licenses() {
        if (licenseExpression.isPresent()) {
            return List.of(licenseExpression.get());
        }
        if (license.isPresent()) {
            return List.of(license.get());
        }
        return classifierLicenses;
    }

    static PythonMetadata read(InputStream in) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(in, MAX_LINE);
        String name = null;
        String version = null;
        String license = null;
        boolean licenseFolded = false;
        String expression = null;
        Set<String> classifiers = new LinkedHashSet<>();
        Set<String> requires = new LinkedHashSet<>();
        String current = "";
        int count = 0;
        for (String line = lines.next(); line != null && count < MAX_HEADER_LINES; line = lines.next(), count++) {
            if (line.isEmpty()) {
                break; // end of headers; the body is the description
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // a folded continuation: only matters for License, where it means a pasted licence text
                if (current.equals("license") && !line.isBlank()) {
                    licenseFolded = true;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                current = "";
                continue;
            }
            current = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (current) {
                case "name" -> name = name == null && !value.isEmpty() ? value : name;
                case "version" -> version = version == null && !value.isEmpty() ? value : version;
                case "license" -> license = license == null ? value : license;
                case "license-expression" -> expression = expression == null && !value.isEmpty() ? value : expression;
                case "classifier" -> classifierLicense(value).filter(x -> classifiers.size() < MAX_LIST).ifPresent(classifiers::add);
                case "requires-dist" -> requirementName(value).filter(x -> requires.size() < MAX_LIST).ifPresent(requires::add);
                default -> {
                }
            }
        }
        Optional<String> shortLicense = licenseFolded ? Optional.empty() : Optional.ofNullable(license)
                .filter(l -> !l.isEmpty() && l.length() <= MAX_LICENSE_NAME && !l.equalsIgnoreCase("UNKNOWN"));
        return new PythonMetadata(Optional.ofNullable(name), Optional.ofNullable(version), shortLicense,
                Optional.ofNullable(expression), new ArrayList<>(classifiers), new ArrayList<>(requires));
    }

    /** {@code License :: OSI Approved :: MIT License} → {@code MIT License}; the bare {@code OSI Approved} names no licence. */
    static Optional<String> classifierLicense(String classifier) {
        String[] parts = classifier.split("\\s*::\\s*");
        if (parts.length < 2 || !parts[0].strip().equals("License")) {
            return Optional.empty();
        }
        String last = parts[parts.length - 1].strip();
        return last.isEmpty() || (parts.length == 2 && last.equals("OSI Approved")) ? Optional.empty() : Optional.of(last);
    }

    /**
     * The normalised project name of a {@code Requires-Dist} value such as
     * {@code PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'}. Requirements guarded by an extra are
     * left out: they are installed only when someone asks for that extra, so the package does not
     * depend on them as installed.
     */
    static Optional<String> requirementName(String value) {
        int semi = value.indexOf(';');
        if (semi >= 0 && EXTRA_MARKER.matcher(value.substring(semi)).find()) {
            return Optional.empty();
        }
        Matcher m = REQUIREMENT_NAME.matcher(value);
        return m.find() ? Optional.of(Pep503.normalise(m.group(1))) : Optional.empty();
    }
}
