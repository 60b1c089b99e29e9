package dev.cairn.oci.registry;

import dev.cairn.model.Descriptor;
import dev.cairn.oci.VerifyingInputStream;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET /v2/NAME/blobs/DIGEST as a stream that fails at its end unless the digest and size match. */
record BlobGet(String repository, Descriptor descriptor, String context) implements Endpoint<InputStream> {
    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/blobs/" + descriptor.digest());
    }

    @Override
    public String describe() {
        return "blob " + descriptor.digest().shortForm() + "…";
    }

    @Override
    public boolean accepts(int status) {
        return status == 200;
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public InputStream handle(HttpResponse<InputStream> response) {
        return new VerifyingInputStream(response.body(), descriptor.digest(), descriptor.size(), context + ": " + describe());
    }
}
