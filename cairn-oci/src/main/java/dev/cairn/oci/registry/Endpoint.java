package dev.cairn.oci.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * One registry call, as a small object: what to send and how to read the answer. The
 * {@link RegistryClient} that runs it owns auth, retries, redirects and error mapping, so each
 * endpoint stays a few lines (the jib RegistryEndpointProvider idea).
 */
interface Endpoint<T> {
    String method();

    /** The URI to call; {@code base} is {@code scheme://host/v2/}. */
    URI uri(URI base);

    default List<String> accept() {
        return List.of();
    }

    /** A fresh body per attempt, since a retry must resend it. */
    default HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.noBody();
    }

    default Optional<String> contentType() {
        return Optional.empty();
    }

    /** The token scope actions this call needs. */
    default String actions() {
        return "pull";
    }

    /** What was asked, for messages: "manifest sha256:d482…", "blob upload". */
    String describe();

    /** Whether {@link #handle} reads this status; other statuses become errors. */
    boolean accepts(int status);

    /** Reads the answer; the body stream is closed by the caller unless this returns it. */
    T handle(HttpResponse<InputStream> response);

    /** Whether the caller should keep the body open (the result streams it). */
    default boolean streams() {
        return false;
    }
}
