package dev.cairn.cli;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads user-named files with a size limit and one-line errors. */
final class InputFiles {
    /** Blobs are signed in memory (the JDK signature API hashes as it goes, but our signer takes bytes). */
    static final long MAX_BLOB_BYTES = 1L << 30;
    static final long MAX_DOCUMENT_BYTES = 64L << 20;

    private InputFiles() {
    }

    static byte[] read(Path file, long limit, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                throw CairnException.invalid(what + " " + file + " is larger than the limit of " + limit + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw CairnException.notFound(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO, "cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(Path file, byte[] bytes, String what) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO, "cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
