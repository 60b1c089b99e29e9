package dev.cairn.sbom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a layer blob into its tar stream: gzip or uncompressed, told apart by the magic bytes
 * (media types lie, and docker-archive layers have none). zstd is refused: the JDK has no decoder
 * and we take no native library for it.
 */
final class LayerDecoder {
    private static final int GZIP_BUFFER = 64 * 1024;

    private LayerDecoder() {
    }

    /** What became of a layer blob. */
    sealed interface Decoded permits Decoded.Tar, Decoded.Refused {
        /** The uncompressed tar stream; closing it closes the blob stream. */
        record Tar(InputStream stream) implements Decoded {
        }

        record Refused(String reason) implements Decoded {
        }
    }

    static Decoded open(InputStream blob, String mediaType) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, GZIP_BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new Decoded.Tar(new GZIPInputStream(in, GZIP_BUFFER));
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd
                || mediaType.toLowerCase(Locale.ROOT).contains("zstd")) {
            return new Decoded.Refused("zstd-compressed layers are not supported yet (media type " + mediaType + "); its files were not catalogued");
        }
        return new Decoded.Tar(in);
    }
}
