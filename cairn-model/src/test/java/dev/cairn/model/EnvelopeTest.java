package dev.cairn.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTest {
    @Test
    void paeMatchesTheDsseSpecExample() {
        // https://github.com/secure-systems-lab/dsse/blob/master/protocol.md#test-vectors
        byte[] pae = Envelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void paeOfEmptyTypeAndPayload() {
        assertThat(new String(Envelope.pae("", new byte[0]), StandardCharsets.UTF_8)).isEqualTo("DSSEv1 0  0 ");
    }

    @Test
    void paeCountsBytesNotCharacters() {
        String type = "application/vnd.é";
        byte[] payload = "ü".getBytes(StandardCharsets.UTF_8);
        byte[] pae = Envelope.pae(type, payload);
        assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 18 application/vnd.é 2 ü");
    }

    @Test
    void paeKeepsBinaryPayloadBytesUnchanged() {
        byte[] payload = {0, (byte) 0xff, ' ', '\n'};
        byte[] pae = Envelope.pae("t", payload);
        byte[] prefix = "DSSEv1 1 t 4 ".getBytes(StandardCharsets.US_ASCII);
        assertThat(pae).startsWith(prefix).endsWith(payload).hasSize(prefix.length + payload.length);
    }

    @Test
    void typeIsBoundSoAPayloadCannotBeReplayedUnderAnotherType() {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(Envelope.pae("application/vnd.in-toto+json", payload)).isNotEqualTo(Envelope.pae("application/json", payload));
        // moving a boundary between type and payload changes the encoding
        assertThat(Envelope.pae("a b", "c".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(Envelope.pae("a", "b c".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void instancePaeUsesItsOwnTypeAndPayload() {
        Envelope envelope = new Envelope("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8),
                List.of(new Envelope.Signature("", new byte[] {1})));
        assertThat(new String(envelope.pae(), StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        assertThat(envelope.signatures()).hasSize(1);
    }
}
