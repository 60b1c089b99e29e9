package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reading and writing key files. A private key file is created with mode 0600 from its first byte
 * (the permission is part of the create call, never a chmod afterwards, so there is no window in which
 * another user can open it), and existing files are kept unless the caller says to replace them.
 */
public final class KeyFiles {
    /** Whether an existing file may be replaced. */
    public enum Existing { REFUSE, REPLACE }

    private static final String PRIVATE_MODE = "rw-------";
    private static final String PUBLIC_MODE = "rw-r--r--";

    private KeyFiles() {
    }

    /**
     * Writes {@code key} as cosign does for {@code generate-key-pair}: the private key encrypted under
     * {@code password} (mode 0600) and the public key as PEM (mode 0644). With {@link Existing#REFUSE},
     * both paths are checked before either is written.
     */
    public static void writeKeyPair(SigningKeyPair key, char[] password, Path privateKeyFile, Path publicKeyFile,
            Existing existing) {
        if (existing == Existing.REFUSE) {
            for (Path path : new Path[] {privateKeyFile, publicKeyFile}) {
                if (Files.exists(path)) {
                    throw new CairnException(ErrorCode.INVALID_INPUT, "refusing to overwrite " + path
                            + ": it already exists (remove it or ask to overwrite)");
                }
            }
        }
        writePrivate(privateKeyFile, CosignKeyFormat.encrypt(key, password), existing);
        write(publicKeyFile, PublicKeys.toPem(key.publicKey()), PUBLIC_MODE, existing);
    }

    /** Writes private key material (already encrypted or not) with mode 0600. */
    public static void writePrivate(Path file, String pem, Existing existing) {
        write(file, pem, PRIVATE_MODE, existing);
    }

    /** A key file's text, refusing files too large to be one. */
    public static String read(Path file) {
        try {
            if (Files.size(file) > Pem.MAX_TEXT_LENGTH) {
                throw new CairnException(ErrorCode.KEY, file + " is too large to be a key file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CairnException(ErrorCode.NOT_FOUND, "key file " + file + " does not exist", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CairnException(ErrorCode.KEY, "cannot read " + file + ": not a text (PEM) key file", e);
        } catch (IOException e) {
            throw CairnException.io("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String content, String mode, Existing existing) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (existing == Existing.REFUSE) {
                createNew(file, bytes, mode, StandardOpenOption.CREATE_NEW);
            } else {
                // Replacing in place would keep the old file's (possibly wider) permissions: write a fresh
                // file beside it with the right mode and move it over the old one.
                Path parent = file.toAbsolutePath().getParent();
                Path temp = parent.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                        + "-" + System.nanoTime());
                try {
                    createNew(temp, bytes, mode, StandardOpenOption.CREATE_NEW);
                    try {
                        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new CairnException(ErrorCode.INVALID_INPUT, "refusing to overwrite " + file
                    + ": it already exists (remove it or ask to overwrite)", e);
        } catch (IOException e) {
            throw CairnException.io("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createNew(Path file, byte[] bytes, String mode, OpenOption create) throws IOException {
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        // Opened outside the try: if the file already exists, it is not ours to delete.
        SeekableByteChannel channel = Files.newByteChannel(file, Set.of(create, StandardOpenOption.WRITE), attributes);
        boolean complete = false;
        try (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            complete = true;
        } finally {
            if (!complete) {
                Files.deleteIfExists(file); // no half-written key file left behind
            }
        }
    }
}
