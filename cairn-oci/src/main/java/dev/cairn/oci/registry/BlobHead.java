package dev.cairn.oci.registry;

import dev.cairn.model.Digest;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** HEAD /v2/NAME/blobs/DIGEST: whether the blob is there, so uploads can be skipped. */
record BlobHead(String repository, Digest digest) implements Endpoint<Boolean> {
    @Override
    public String method() {
        return "HEAD";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/blobs/" + digest);
    }

    @Override
    public String describe() {
        return "blob " + digest.shortForm() + "…";
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Boolean handle(HttpResponse<InputStream> response) {
        return response.statusCode() == 200;
    }
}
