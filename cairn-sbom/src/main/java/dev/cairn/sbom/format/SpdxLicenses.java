package dev.cairn.sbom.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cyclonedx.model.Bom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SPDX license list (ids and exception ids) as cyclonedx-core-java ships it in
 * {@code spdx.schema.json}, so the ids we write as {@code license.id} are exactly those its schema accepts.
 */
final class SpdxLicenses {
    private static final Pattern LICENSE_REF = Pattern.compile("(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+");
    private static final Map<String, String> IDS = load();

    private SpdxLicenses() {
    }

    private static Map<String, String> load() {
        try (InputStream in = Bom.class.getClassLoader().getResourceAsStream("spdx.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("cyclonedx-core-java lacks spdx.schema.json");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, String> ids = new HashMap<>();
            root.path("enum").forEach(n -> ids.put(n.asText().toLowerCase(Locale.ROOT), n.asText()));
            return Map.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical spelling of a listed license or exception id, matched case-insensitively. */
    static Optional<String> id(String s) {
        return Optional.ofNullable(IDS.get(s.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * {@code text} as a valid SPDX license expression with canonical ids ({@code mit or Apache-2.0}
     * becomes {@code MIT OR Apache-2.0}), or empty if it is not one.
     */
    static Optional<String> expression(String text) {
        String spaced = text.replace("(", " ( ").replace(")", " ) ").trim();
        if (spaced.isEmpty() || text.length() > 1000) {
            return Optional.empty();
        }
        String[] tokens = spaced.split("\\s+");
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean wantOperand = true;
        boolean afterWith = false;
        for (String t : tokens) {
            String upper = t.toUpperCase(Locale.ROOT);
            if (t.equals("(")) {
                if (!wantOperand) {
                    return Optional.empty();
                }
                depth++;
                out.append('(');
                continue;
            }
            if (t.equals(")")) {
                if (wantOperand || --depth < 0) {
                    return Optional.empty();
                }
                trimSpace(out);
                out.append(") ");
                continue;
            }
            if (upper.equals("AND") || upper.equals("OR") || upper.equals("WITH")) {
                if (wantOperand) {
                    return Optional.empty();
                }
                out.append(upper).append(' ');
                wantOperand = true;
                afterWith = upper.equals("WITH");
                continue;
            }
            if (!wantOperand) {
                return Optional.empty();
            }
            Optional<String> operand = operand(t, afterWith);
            if (operand.isEmpty()) {
                return Optional.empty();
            }
            out.append(operand.get()).append(' ');
            wantOperand = false;
            afterWith = false;
        }
        if (wantOperand || depth != 0) {
            return Optional.empty();
        }
        trimSpace(out);
        return Optional.of(out.toString());
    }

    private static Optional<String> operand(String t, boolean exception) {
        if (!exception && LICENSE_REF.matcher(t).matches()) {
            return Optional.of(t);
        }
        Optional<String> exact = id(t);
        if (exact.isPresent()) {
            return exact;
        }
        if (!exception && t.endsWith("+")) {
            return id(t.substring(0, t.length() - 1)).map(s -> s + "+");
        }
        return Optional.empty();
    }

    private static void trimSpace(StringBuilder b) {
        while (!b.isEmpty() && b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 1);
        }
    }

    /** A {@code LicenseRef-} id for a free-text license name: letters, digits, dots and dashes only. */
    static String licenseRef(String name) {
        String s = name.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (s.length() > 64) {
            s = s.substring(0, 64);
        }
        return "LicenseRef-" + (s.isEmpty() ? "unknown" : s) + "-" + Integer.toHexString(name.hashCode() & 0xfffffff);
    }
}
