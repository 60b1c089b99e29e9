package dev.cairn.oci.registry;

import dev.cairn.model.ManifestBlob;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** PUT /v2/NAME/manifests/REF; answers whether the registry indexed the subject itself (OCI-Subject header). */
record ManifestPut(String repository, String reference, ManifestBlob manifest) implements Endpoint<ManifestPut.Result> {
    record Result(boolean subjectIndexed) {
    }

    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/manifests/" + reference);
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.ofByteArray(manifest.bytes());
    }

    @Override
    public Optional<String> contentType() {
        return Optional.of(manifest.mediaType());
    }

    @Override
    public String actions() {
        return "pull,push";
    }

    @Override
    public String describe() {
        return "push of manifest " + Names.shortRef(manifest.digest().toString())
                + (reference.contains(":") ? "" : " as tag " + reference);
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 200;
    }

    @Override
    public Result handle(HttpResponse<InputStream> response) {
        return new Result(response.headers().firstValue("OCI-Subject").isPresent());
    }
}
