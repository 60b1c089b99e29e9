package dev.cairn.oci;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLocationTest {
    private static final String HEX = "d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8";

    @Test
    void parsesTheThreeKinds() {
        assertThat(ImageLocation.parse("oci:/tmp/img")).isEqualTo(new ImageLocation.Layout(Path.of("/tmp/img"), Optional.empty(), Optional.empty()));
        assertThat(ImageLocation.parse("oci:./img:v1")).isEqualTo(new ImageLocation.Layout(Path.of("./img"), Optional.of("v1"), Optional.empty()));
        assertThat(ImageLocation.parse("oci:img@sha256:" + HEX)).isEqualTo(new ImageLocation.Layout(Path.of("img"), Optional.empty(), Optional.of(Digest.parse("sha256:" + HEX))));
        assertThat(ImageLocation.parse("docker-archive:/nonexistent/app.tar:demo/app:1"))
                .isEqualTo(new ImageLocation.Archive(Path.of("/nonexistent/app.tar"), Optional.of("demo/app:1")));
        assertThat(ImageLocation.parse("127.0.0.1:5000/demo/app:1")).isInstanceOfSatisfying(ImageLocation.Registry.class,
                r -> assertThat(r.ref().repository()).isEqualTo("demo/app"));
    }

    @Test
    void digestWithPathTraversalIsRejected() {
        assertThatThrownBy(() -> ImageLocation.parse("oci:/tmp/img@sha256:../../../etc/passwd")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.substring(4) + "/../")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> dev.cairn.oci.layout.OciLayout.at(Path.of("/tmp/x")).manifest("sha256:../../etc/passwd"))
                .isInstanceOf(CairnException.class);
    }
}
