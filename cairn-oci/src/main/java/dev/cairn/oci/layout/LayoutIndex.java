package dev.cairn.oci.layout;

import dev.cairn.model.CairnException;
import dev.cairn.model.Manifest;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.Limits;
import dev.cairn.oci.ManifestCodec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The layout's {@code index.json}: bounded reads, and updates that are atomic (write a temp file,
 * rename over) and serialised (a {@link FileLock} between processes, a JVM lock between threads,
 * because a JVM cannot hold two FileLocks on one file).
 *
 * <p>The lock is taken on the {@code oci-layout} file, which is never replaced; locking
 * index.json itself would lock an inode that the rename throws away.
 */
final class LayoutIndex {
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    LayoutIndex(Path root) {
        this.root = root;
    }

    Path file() {
        return root.resolve("index.json");
    }

    /** The current index, or an empty one when the layout has none yet. */
    Manifest.Index read() {
        byte[] bytes;
        try {
            long size = Files.size(file());
            if (size > Limits.MAX_LAYOUT_INDEX_BYTES) {
                throw CairnException.invalid("oci:" + root + ": index.json is " + size + " bytes; the limit is " + Limits.MAX_LAYOUT_INDEX_BYTES);
            }
            bytes = Files.readAllBytes(file());
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw CairnException.io("oci:" + root + ": cannot read index.json: " + e.getMessage(), e);
        }
        Manifest m = ManifestCodec.parseBounded(bytes, MediaTypes.OCI_INDEX, "oci:" + root + "/index.json", Limits.MAX_LAYOUT_ENTRIES, Limits.MAX_LAYOUT_INDEX_BYTES);
        return (Manifest.Index) m;
    }

    /** Applies {@code change} to the index under the layout lock and replaces the file atomically. */
    Manifest.Index update(UnaryOperator<Manifest.Index> change) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(root.resolve("oci-layout"), StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Manifest.Index next = change.apply(read());
            if (next.manifests().size() > Limits.MAX_LAYOUT_ENTRIES) {
                throw CairnException.invalid("oci:" + root + ": index.json would have " + next.manifests().size()
                        + " entries; the limit is " + Limits.MAX_LAYOUT_ENTRIES);
            }
            write(ManifestCodec.encode(next));
            return next;
        } catch (IOException e) {
            throw CairnException.io("oci:" + root + ": cannot update index.json: " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private void write(byte[] bytes) throws IOException {
        Path tmp = root.resolve("index.json." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(bytes));
                out.force(true);
            }
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Manifest.Index empty() {
        return new Manifest.Index(MediaTypes.OCI_INDEX, List.of(), Optional.empty(), Optional.empty(), Map.of());
    }
}
