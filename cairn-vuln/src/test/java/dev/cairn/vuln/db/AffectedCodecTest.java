package dev.cairn.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.vuln.Advisory;
import dev.cairn.vuln.osv.AffectedEntry;
import dev.cairn.vuln.osv.OsvEvent;
import dev.cairn.vuln.osv.OsvRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AffectedCodecTest {
    private static final List<Advisory.Affected> ENTRIES = List.of(
            new Advisory.Affected("Debian:12", "openssl", new AffectedEntry(List.of(
                    new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(OsvEvent.introduced("0"), OsvEvent.fixed("3.0.13-1~deb12u1"))),
                    new OsvRange(OsvRange.Type.GIT, Optional.of("https://github.com/openssl/openssl"),
                            List.of(OsvEvent.introduced("abc"), OsvEvent.lastAffected("def"), OsvEvent.limit("*")))),
                    List.of("3.0.11-1~deb12u2", "3.0.9-1"))),
            new Advisory.Affected("PyPI", "Jinja2-ünïcode", new AffectedEntry(List.of(), List.of())));

    @Test
    void readsWhatItWrote() {
        assertThat(AffectedCodec.read(AffectedCodec.write(ENTRIES))).isEqualTo(ENTRIES);
        assertThat(AffectedCodec.read(AffectedCodec.write(List.of()))).isEmpty();
    }

    @Test
    void aTruncatedBlobFailsInsteadOfReadingPastItsEnd() {
        byte[] blob = AffectedCodec.write(ENTRIES);
        assertThatThrownBy(() -> AffectedCodec.read(Arrays.copyOf(blob, blob.length - 3))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> AffectedCodec.read(new byte[] {0x7f, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
