package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** POST /v2/NAME/blobs/uploads/: opens an upload session and answers its absolute location. */
record UploadStart(String repository) implements Endpoint<URI> {
    @Override
    public String method() {
        return "POST";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/blobs/uploads/");
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.noBody();
    }

    @Override
    public String actions() {
        return "pull,push";
    }

    @Override
    public String describe() {
        return "start of a blob upload";
    }

    @Override
    public boolean accepts(int status) {
        return status == 202;
    }

    @Override
    public URI handle(HttpResponse<InputStream> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new CairnException(ErrorCode.IO, describe() + ": the registry sent no Location"));
        return response.request().uri().resolve(location);
    }
}
