package dev.cairn.oci.registry;

import dev.cairn.model.Descriptor;
import dev.cairn.oci.BlobContent;
import dev.cairn.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** PUT LOCATION?digest=D with the whole blob (a monolithic upload), streamed and verified as sent. */
record UploadFinish(URI location, Descriptor descriptor, BlobContent content) implements Endpoint<Void> {
    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri(URI base) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + descriptor.digest());
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(), describe());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // a known length gives Content-Length instead of chunked encoding, which distribution prefers
        return HttpRequest.BodyPublishers.fromPublisher(stream, descriptor.size());
    }

    @Override
    public Optional<String> contentType() {
        return Optional.of("application/octet-stream");
    }

    @Override
    public String actions() {
        return "pull,push";
    }

    @Override
    public String describe() {
        return "upload of blob " + descriptor.digest().shortForm() + "…";
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 204;
    }

    @Override
    public Void handle(HttpResponse<InputStream> response) {
        return null;
    }

}
