package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.oci.OciOptions;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@link Endpoint}s against one registry host, and is the one place that knows about
 * schemes, authentication, retries, redirects and turning HTTP statuses into {@link CairnException}s.
 * Thread-safe; share one per registry.
 */
public final class RegistryClient {
    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final OciOptions options;
    private final HttpClient http;
    private final Authenticator auth;
    private final List<String> schemes;
    private volatile URI base;

    public RegistryClient(String registry, Credentials credentials, Optional<String> helperNote, OciOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.options = Objects.requireNonNull(options, "options");
        // redirects are followed by hand: the JDK would forward our Authorization header to a blob CDN
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.auth = new Authenticator(registry, credentials, helperNote, http, options.requestTimeout(), options.allowInsecureRegistry());
        this.schemes = Transport.schemes(registry, options.allowInsecureRegistry());
    }

    /** A client with credentials from the docker config named in the options (or the default one). */
    public static RegistryClient create(String registry, OciOptions options) {
        DockerConfig config = DockerConfig.load(options.dockerConfig().orElseGet(DockerConfig::defaultPath));
        return new RegistryClient(registry, config.credentialsFor(registry), config.helperNote(registry), options);
    }

    public String registry() {
        return registry;
    }

    boolean allowInsecure() {
        return options.allowInsecureRegistry();
    }

    <T> T call(String repository, Endpoint<T> endpoint) {
        String context = registry + "/" + repository;
        String scope = "repository:" + repository + ":" + endpoint.actions();
        int maxAttempts = options.retry().maxAttempts();
        int authRounds = 0;
        int attempt = 0;
        while (true) {
            attempt++;
            HttpResponse<InputStream> response;
            try {
                response = exchange(endpoint, scope, context);
            } catch (IOException e) {
                if (e instanceof SSLException || attempt >= maxAttempts) {
                    throw unreachable(context, endpoint, e, attempt);
                }
                sleep(options.retry().delay(attempt, Optional.empty()));
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && authRounds < 2) {
                Bodies.discard(response);
                auth.answer(response.headers().allValues("WWW-Authenticate"), scope, context);
                authRounds++;
                attempt--;
                continue;
            }
            if (retryable(status) && attempt < maxAttempts) {
                Optional<Duration> retryAfter = retryAfter(response);
                Bodies.discard(response);
                sleep(options.retry().delay(attempt, retryAfter));
                continue;
            }
            if (endpoint.accepts(status)) {
                boolean keepOpen = false;
                try {
                    T result = endpoint.handle(response);
                    keepOpen = endpoint.streams();
                    return result;
                } finally {
                    if (!keepOpen) {
                        Bodies.discard(response);
                    }
                }
            }
            throw statusError(context, endpoint, response, attempt);
        }
    }

    private HttpResponse<InputStream> exchange(Endpoint<?> endpoint, String scope, String context) throws IOException {
        URI current = base;
        if (current == null) {
            return probeScheme(endpoint, scope, context);
        }
        return sendFollowingRedirects(endpoint, endpoint.uri(current), scope, context);
    }

    /** The first call decides the scheme: HTTPS first unless the host is loopback, HTTP only if allowed. */
    private HttpResponse<InputStream> probeScheme(Endpoint<?> endpoint, String scope, String context) throws IOException {
        IOException last = null;
        for (String scheme : schemes) {
            URI candidate = URI.create(scheme + "://" + registry + "/v2/");
            try {
                HttpResponse<InputStream> r = sendFollowingRedirects(endpoint, endpoint.uri(candidate), scope, context);
                base = candidate;
                return r;
            } catch (IOException e) {
                last = e;
            }
        }
        throw Objects.requireNonNull(last);
    }

    private HttpResponse<InputStream> sendFollowingRedirects(Endpoint<?> endpoint, URI uri, String scope, String context) throws IOException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            if (!Transport.allowed(target, options.allowInsecureRegistry())) {
                throw new CairnException(ErrorCode.IO, context + ": " + endpoint.describe() + ": refusing plain-HTTP URI " + target.getHost()
                        + "; allowed only for loopback or with --allow-insecure-registry");
            }
            boolean sameHost = hop == 0 || Objects.equals(target.getAuthority(), uri.getAuthority());
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(options.requestTimeout())
                    .method(hop == 0 ? endpoint.method() : "GET".equals(endpoint.method()) || "HEAD".equals(endpoint.method()) ? endpoint.method() : "GET",
                            hop == 0 ? endpoint.body() : HttpRequest.BodyPublishers.noBody());
            if (!endpoint.accept().isEmpty()) {
                request.header("Accept", String.join(", ", endpoint.accept()));
            }
            if (hop == 0) {
                endpoint.contentType().ifPresent(ct -> request.header("Content-Type", ct));
            }
            if (sameHost) {
                auth.authorization(scope).ifPresent(a -> request.header("Authorization", a));
            }
            HttpResponse<InputStream> response = send(request.build());
            int status = response.statusCode();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            boolean readOnly = "GET".equals(endpoint.method()) || "HEAD".equals(endpoint.method());
            if (!redirect || !readOnly) {
                return response;
            }
            Optional<String> location = response.headers().firstValue("Location");
            Bodies.discard(response);
            if (location.isEmpty() || hop >= MAX_REDIRECTS) {
                throw new IOException("too many or empty redirects for " + endpoint.describe());
            }
            target = target.resolve(location.get());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.IO, "interrupted while calling " + registry, e);
        }
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(ZonedDateTime.now(), when));
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    private CairnException unreachable(String context, Endpoint<?> endpoint, IOException e, int attempts) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // a plain-HTTP server answers a TLS handshake with garbage or silence: either way, say why we did not try HTTP
        String note = !Transport.isLoopback(registry) && !options.allowInsecureRegistry()
                ? "; if this registry speaks plain HTTP: it is used only for loopback registries or with --allow-insecure-registry" : "";
        return new CairnException(ErrorCode.IO, context + ": " + endpoint.describe() + ": cannot reach " + registry
                + " after " + attempts + " attempt(s): " + why + note, e);
    }

    private CairnException statusError(String context, Endpoint<?> endpoint, HttpResponse<InputStream> response, int attempts) {
        int status = response.statusCode();
        String summary = Bodies.errorSummary(response);
        String detail = summary.isEmpty() ? "" : " (" + summary + ")";
        return switch (status) {
            case 401 -> auth.refused(context, endpoint.describe() + " still unauthorized" + detail);
            case 403 -> new CairnException(ErrorCode.IO, context + ": access denied to " + endpoint.describe() + detail);
            case 404 -> CairnException.notFound(context + ": " + endpoint.describe() + " not found");
            default -> new CairnException(ErrorCode.IO, context + ": " + endpoint.describe() + " failed with HTTP " + status
                    + (retryable(status) ? " after " + attempts + " attempts" : "") + detail);
        };
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.IO, "interrupted while waiting to retry", e);
        }
    }
}
