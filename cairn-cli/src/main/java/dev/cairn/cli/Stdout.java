package dev.cairn.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The command's stdout writer that also hands out the bytes underneath it, so that documents
 * (SBOMs, scan reports) already encoded as UTF-8 are written as they are rather than decoded into a
 * String and encoded again. Text and bytes share one file descriptor: {@link SbomCommand#emit}
 * flushes the text before writing bytes and the bytes after. Commands run with any other writer (the
 * tests' {@code StringWriter}s) get the text path.
 */
final class Stdout extends PrintWriter {
    private final OutputStream bytes;

    /** The process's stdout: text through {@code System.out} as before, bytes straight to file descriptor 1. */
    Stdout() {
        this(System.out, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    }

    Stdout(OutputStream text, OutputStream bytes) {
        super(text, true);
        this.bytes = bytes;
    }

    /** Where bytes go; flush this writer first, and the stream after. */
    OutputStream bytes() {
        return bytes;
    }
}
