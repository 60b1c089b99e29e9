package dev.cairn.oci.registry;

import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.Limits;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * GET /v2/NAME/referrers/DIGEST. Empty when the registry does not implement the API (404, or an
 * answer that is not an OCI index, as some proxies send), which tells the caller to use the tag
 * schema instead.
 */
record ReferrersGet(String repository, Digest subject) implements Endpoint<Optional<ManifestBlob>> {
    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/referrers/" + subject);
    }

    @Override
    public List<String> accept() {
        return List.of(MediaTypes.OCI_INDEX);
    }

    @Override
    public String describe() {
        return "referrers of " + subject.shortForm() + "…";
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404 || status == 400 || status == 405;
    }

    @Override
    public Optional<ManifestBlob> handle(HttpResponse<InputStream> response) {
        String type = response.headers().firstValue("Content-Type").map(ct -> ct.split(";")[0].strip()).orElse("");
        if (response.statusCode() != 200 || !type.equals(MediaTypes.OCI_INDEX)) {
            return Optional.empty();
        }
        return Optional.of(ManifestBlob.of(Bodies.read(response, Limits.MAX_MANIFEST_BYTES, describe()), MediaTypes.OCI_INDEX));
    }
}
