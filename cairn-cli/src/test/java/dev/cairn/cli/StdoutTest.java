package dev.cairn.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StdoutTest {
    private static final byte[] DOCUMENT = "{\"name\":\"caf\u00e9 \u2713\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void bytesGoStraightToStdoutBetweenTheTextBeforeAndAfter() throws Exception {
        ByteArrayOutputStream fd = new ByteArrayOutputStream();
        Stdout out = new Stdout(fd, fd);
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.setOut(out);
        out.print("before ");
        SbomCommand.emit(null, cli, o -> {
            o.write(DOCUMENT);
            o.close(); // as Jackson's generators do: must not close stdout
        });
        out.println("after");
        assertThat(fd.toString(StandardCharsets.UTF_8)).isEqualTo("before {\"name\":\"caf\u00e9 \u2713\"}\nafter\n");
    }

    @Test
    void anyOtherWriterGetsTheDocumentAsText() throws Exception {
        StringWriter captured = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.setOut(new PrintWriter(captured, true));
        SbomCommand.emit(null, cli, o -> o.write(DOCUMENT));
        assertThat(captured.toString()).isEqualTo(new String(DOCUMENT, StandardCharsets.UTF_8));
    }
}
