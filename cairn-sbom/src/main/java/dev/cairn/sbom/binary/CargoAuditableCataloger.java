package dev.cairn.sbom.binary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sbom.Cataloger;
import dev.cairn.sbom.Ecosystem;
import dev.cairn.sbom.Emitter;
import dev.cairn.sbom.FileEntry;
import dev.cairn.sbom.Package;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Rust crates compiled into executables by {@code cargo auditable}: the {@code .dep-v0} ELF section
 * holds zlib-compressed JSON, {@code {"packages":[{"name","version","source","kind","dependencies":[i...],"root"}]}}.
 *
 * <p>The section is found through the section header table, which linkers put at the end of the file;
 * so an ELF file with section headers is copied once to a temporary file (the stream cannot be read
 * twice, and holding it in memory would make memory follow the size of binaries), then its headers and
 * the one section are read from there. Files without ELF magic are dropped after four bytes, files
 * without section headers after the ELF header. The compressed section and its inflated JSON are each
 * bounded (8 MiB); more is a warning, never an allocation.
 *
 * <p>Every package whose {@code kind} is not {@code build} is reported (build dependencies run at
 * compile time and are not in the binary; syft skips them too), with {@code dependsOn} taken from the
 * dependency indices.
 */
public final class CargoAuditableCataloger implements Cataloger {
    static final String SECTION = ".dep-v0";
    static final int MAX_COMPRESSED = 8 << 20;
    static final int MAX_JSON = 8 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxJson;

    public CargoAuditableCataloger() {
        this(MAX_JSON);
    }

    CargoAuditableCataloger(int maxJson) {
        this.maxJson = maxJson;
    }

    @Override
    public String name() {
        return "rust-cargo-auditable";
    }

    @Override
    public boolean wants(String path) {
        return Executables.candidate(path);
    }

    @Override
    public long maxBytes() {
        return 512L * 1024 * 1024;
    }

    @Override
    public void read(FileEntry file, Emitter out) throws IOException {
        InputStream in = file.content();
        byte[] head = in.readNBytes(4);
        if (!Elf.isElf(head)) {
            return;
        }
        head = concat(head, in.readNBytes(60));
        Optional<Elf.Header> header = Elf.header(head);
        if (header.isEmpty()) {
            out.warn(file.path(), "ELF header is cut off or malformed");
            return;
        }
        if (header.get().shoff() == 0 || header.get().shnum() == 0) {
            return; // no section headers (stripped with sstrip, or a core file): nothing to find
        }
        Path spool = Files.createTempFile("cairn-elf-", ".bin");
        try {
            try (OutputStream copy = Files.newOutputStream(spool)) {
                copy.write(head);
                in.transferTo(copy);
            }
            try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
                read(header.get(), new ChannelSource(channel), file, out);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Finds and reads {@code .dep-v0}; the rest of the work, on a random-access file. */
    void read(Elf.Header header, Elf.Source source, FileEntry file, Emitter out) throws IOException {
        List<Elf.Section> sections;
        try {
            sections = Elf.sections(header, source);
        } catch (IOException e) {
            out.warn(file.path(), "malformed ELF section headers: " + e.getMessage());
            return;
        }
        Optional<Elf.Section> dep = sections.stream().filter(s -> s.name().equals(SECTION)).findFirst();
        if (dep.isEmpty()) {
            return;
        }
        Elf.Section s = dep.get();
        if (s.type() == Elf.SHT_NOBITS || s.size() == 0) {
            out.warn(file.path(), SECTION + " is empty");
            return;
        }
        if (s.size() > MAX_COMPRESSED) {
            out.warn(file.path(), SECTION + " is " + s.size() + " bytes, over the " + MAX_COMPRESSED + " byte limit");
            return;
        }
        byte[] compressed;
        try {
            Elf.checkRange(source, s.offset(), s.size(), SECTION);
            compressed = source.read(s.offset(), (int) s.size());
        } catch (IOException e) {
            out.warn(file.path(), e.getMessage());
            return;
        }
        Optional<byte[]> json = inflate(compressed, maxJson, file, out);
        if (json.isEmpty()) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json.get());
        } catch (JsonProcessingException e) {
            out.warn(file.path(), SECTION + " is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode packages = root == null ? null : root.get("packages");
        if (packages == null || !packages.isArray()) {
            out.warn(file.path(), SECTION + " has no \"packages\" array");
            return;
        }
        List<String> names = new ArrayList<>();
        packages.forEach(p -> names.add(p.path("name").asText("")));
        for (JsonNode p : packages) {
            String name = p.path("name").asText("");
            String version = p.path("version").asText("");
            if (name.isBlank() || "build".equals(p.path("kind").asText("runtime"))) {
                continue;
            }
            List<String> dependsOn = new ArrayList<>();
            for (JsonNode i : p.path("dependencies")) {
                if (i.canConvertToInt() && i.asInt() >= 0 && i.asInt() < names.size() && !names.get(i.asInt()).isBlank()) {
                    dependsOn.add(names.get(i.asInt()));
                }
            }
            out.add(Package.of(Ecosystem.CARGO, name, version, file.path()).withDependsOn(dependsOn).withLayer(file.layer()));
        }
    }

    private static Optional<byte[]> inflate(byte[] compressed, int cap, FileEntry file, Emitter out) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    out.warn(file.path(), SECTION + " is a cut-off zlib stream");
                    return Optional.empty();
                }
                if (json.size() + n > cap) {
                    out.warn(file.path(), SECTION + " inflates to more than " + cap + " bytes (decompression bomb?)");
                    return Optional.empty();
                }
                json.write(buf, 0, n);
            }
            return Optional.of(json.toByteArray());
        } catch (DataFormatException e) {
            out.warn(file.path(), SECTION + " is not zlib data: " + e.getMessage());
            return Optional.empty();
        } finally {
            inflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A spooled file read by position. */
    private record ChannelSource(FileChannel channel) implements Elf.Source {
        @Override
        public byte[] read(long position, int length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new IOException("file ends before " + (position + length));
                }
            }
            return buf.array();
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }
    }
}
