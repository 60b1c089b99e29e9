package dev.cairn.oci;

import java.io.IOException;
import java.io.InputStream;

/** Re-openable blob bytes: an upload that is retried must be able to start over. */
@FunctionalInterface
public interface BlobContent {
    InputStream open() throws IOException;
}
