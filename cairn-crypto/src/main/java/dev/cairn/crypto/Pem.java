package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text to blocks and back, in the layout Go's encoding/pem writes (64-column base64, no headers). */
public final class Pem {
    /** Key and certificate files are a few KiB; anything much larger is not one of them. */
    public static final int MAX_TEXT_LENGTH = 1 << 20;

    private Pem() {
    }

    /** Every PEM block in {@code text}, in order; text outside blocks is ignored, as Go's pem.Decode does. */
    public static List<PemBlock> decodeAll(String text, String source) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new CairnException(ErrorCode.KEY, source + " is too large to be a key file (" + text.length() + " characters)");
        }
        List<PemBlock> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            for (PemObject object = reader.readPemObject(); object != null; object = reader.readPemObject()) {
                blocks.add(new PemBlock(object.getType(), object.getContent()));
            }
        } catch (IOException | RuntimeException e) {
            throw new CairnException(ErrorCode.KEY, "cannot read " + source + ": truncated or malformed PEM ("
                    + oneLine(e.getMessage()) + ")", e);
        }
        return List.copyOf(blocks);
    }

    /** The first block, or a clear failure when there is none. */
    public static PemBlock decodeFirst(String text, String source) {
        List<PemBlock> blocks = decodeAll(text, source);
        if (blocks.isEmpty()) {
            throw new CairnException(ErrorCode.KEY, "cannot read " + source + ": no PEM block found");
        }
        return blocks.get(0);
    }

    public static String encode(PemBlock block) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(block.type(), block.bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    static String oneLine(String message) {
        return message == null ? "no detail" : message.replaceAll("\\s+", " ").trim();
    }
}
