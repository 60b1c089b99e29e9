package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PKCS#11 URI (RFC 7512) naming a key, as cosign's {@code --key pkcs11:…} takes it: path attributes
 * {@code token}, {@code slot-id}, {@code object}, {@code id} (separated by {@code ;}) and query
 * attributes {@code module-path}, {@code pin-value}, {@code pin-source} (separated by {@code &}; cosign
 * also accepts {@code ;}). Values are percent-decoded; {@code +} is a literal plus, as RFC 7512 says.
 * Attributes Cairn does not use (type, manufacturer, model, serial, vendor ones) are accepted and
 * ignored, so URIs written for other tools still work.
 *
 * @param idHex the {@code id} attribute (CKA_ID, arbitrary bytes) in lowercase hex
 */
public record Pkcs11Uri(
        Optional<String> token,
        Optional<Long> slotId,
        Optional<String> object,
        Optional<String> idHex,
        Optional<String> modulePath,
        Optional<String> pinValue,
        Optional<String> pinSource) {

    public Pkcs11Uri {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(idHex, "idHex");
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(pinValue, "pinValue");
        Objects.requireNonNull(pinSource, "pinSource");
        if (token.isEmpty() && slotId.isEmpty()) {
            throw invalid("one of 'token' and 'slot-id' must be set");
        }
        if (object.isEmpty() && idHex.isEmpty()) {
            throw invalid("one of 'object' and 'id' must be set");
        }
    }

    public static Pkcs11Uri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.regionMatches(true, 0, "pkcs11:", 0, 7)) {
            throw invalid("'" + redact(uri) + "' does not start with pkcs11:");
        }
        String rest = uri.substring(7);
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? "" : rest.substring(question + 1);
        Map<String, byte[]> pathAttributes = attributes(path, "[;]");
        Map<String, byte[]> queryAttributes = attributes(query, "[&;]");

        Optional<Long> slot = text(pathAttributes, "slot-id").map(Pkcs11Uri::slotNumber);
        return new Pkcs11Uri(
                text(pathAttributes, "token"),
                slot,
                text(pathAttributes, "object"),
                Optional.ofNullable(pathAttributes.get("id")).map(HexFormat.of()::formatHex),
                text(queryAttributes, "module-path"),
                text(queryAttributes, "pin-value"),
                text(queryAttributes, "pin-source"));
    }

    /** The CKA_ID bytes, if an {@code id} was given. */
    public Optional<byte[]> id() {
        return idHex.map(HexFormat.of()::parseHex);
    }

    /** Never shows the PIN. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("pkcs11:");
        token.ifPresent(t -> out.append("token=").append(t).append(';'));
        slotId.ifPresent(s -> out.append("slot-id=").append(s).append(';'));
        object.ifPresent(o -> out.append("object=").append(o).append(';'));
        idHex.ifPresent(i -> out.append("id=").append(i).append(';'));
        out.setLength(out.length() - 1);
        modulePath.ifPresent(m -> out.append("?module-path=").append(m));
        return out.toString();
    }

    private static Map<String, byte[]> attributes(String part, String separator) {
        Map<String, byte[]> attributes = new HashMap<>();
        if (part.isEmpty()) {
            return attributes;
        }
        for (String attribute : part.split(separator, -1)) {
            if (attribute.isEmpty()) {
                continue;
            }
            int equals = attribute.indexOf('=');
            if (equals <= 0) {
                throw invalid("attribute '" + redact(attribute) + "' is not of the form name=value");
            }
            String name = attribute.substring(0, equals);
            if (attributes.put(name, percentDecode(attribute.substring(equals + 1), name)) != null) {
                throw invalid("attribute '" + name + "' appears more than once");
            }
        }
        return attributes;
    }

    private static byte[] percentDecode(String value, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw invalid("attribute '" + name + "' has a truncated percent-escape");
                }
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalid("attribute '" + name + "' has an invalid percent-escape");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toByteArray();
    }

    private static Optional<String> text(Map<String, byte[]> attributes, String name) {
        byte[] value = attributes.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            throw invalid("attribute '" + name + "' is not valid UTF-8 after percent-decoding");
        }
    }

    private static long slotNumber(String text) {
        try {
            long slot = Long.parseLong(text);
            if (slot < 0) {
                throw new NumberFormatException();
            }
            return slot;
        } catch (NumberFormatException e) {
            throw invalid("slot-id '" + text + "' is not a valid number");
        }
    }

    private static String redact(String text) {
        return text.replaceAll("(?i)pin-value=[^&;]*", "pin-value=***");
    }

    private static CairnException invalid(String why) {
        return new CairnException(ErrorCode.INVALID_INPUT, "invalid PKCS#11 URI: " + why);
    }
}
