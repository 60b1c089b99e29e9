package dev.cairn.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.oci.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's 401 challenges for one registry: Basic (send the configured credentials)
 * or Bearer (ask the challenge's token realm for the scope the call needs, with the credentials
 * if any, and cache the token per scope until shortly before it expires).
 */
final class Authenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private record Token(String value, Instant expires) {
    }

    private final String registry;
    private final Credentials credentials;
    private final Optional<String> helperNote;
    private final HttpClient http;
    private final Duration timeout;
    private final boolean allowInsecure;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile boolean basic;

    Authenticator(String registry, Credentials credentials, Optional<String> helperNote, HttpClient http, Duration timeout, boolean allowInsecure) {
        this.registry = registry;
        this.credentials = credentials;
        this.helperNote = helperNote;
        this.http = http;
        this.timeout = timeout;
        this.allowInsecure = allowInsecure;
    }

    /** The Authorization header for a call needing {@code scope}, if we have one. */
    Optional<String> authorization(String scope) {
        Token token = tokens.get(scope);
        if (token != null && token.expires().isAfter(Instant.now())) {
            return Optional.of("Bearer " + token.value());
        }
        if (basic && credentials instanceof Credentials.Basic b) {
            return Optional.of(b.header());
        }
        return Optional.empty();
    }

    /** Prepares credentials for a retry after a 401, or throws when we have nothing better to offer. */
    void answer(List<String> challenges, String scope, String context) {
        if (challenges.isEmpty()) {
            throw refused(context, "the registry sent 401 without a WWW-Authenticate challenge");
        }
        AuthChallenge challenge = challenges.stream().map(AuthChallenge::parse).filter(AuthChallenge::isBearer).findFirst()
                .orElseGet(() -> AuthChallenge.parse(challenges.get(0)));
        if (challenge.isBearer()) {
            tokens.put(scope, fetchToken(challenge, scope, context));
        } else if (challenge.isBasic()) {
            if (!(credentials instanceof Credentials.Basic) || basic) {
                throw refused(context, credentials instanceof Credentials.Basic ? "the registry refused the credentials" : "the registry needs credentials");
            }
            basic = true;
        } else {
            throw refused(context, "unsupported authentication scheme '" + challenge.scheme() + "'");
        }
    }

    private Token fetchToken(AuthChallenge challenge, String scope, String context) {
        String realm = challenge.param("realm").orElseThrow(() -> refused(context, "the Bearer challenge has no realm"));
        URI uri;
        try {
            StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            challenge.param("service").ifPresent(s -> q.append("service=").append(enc(s)).append('&'));
            q.append("scope=").append(enc(scope));
            uri = URI.create(q.toString());
        } catch (IllegalArgumentException e) {
            throw refused(context, "the token realm '" + realm + "' is not a URI");
        }
        if (!Transport.allowed(uri, allowInsecure)) {
            // a plain-HTTP realm elsewhere would receive our password in clear
            throw refused(context, "the token realm " + realm + " is not HTTPS; allowed only for loopback or with --allow-insecure-registry");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (credentials instanceof Credentials.Basic b) {
            request.header("Authorization", b.header());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                Bodies.discard(response);
                throw refused(context, "the token service " + uri.getHost() + " answered HTTP " + response.statusCode() + " for scope " + scope);
            }
            JsonNode body = JSON.readTree(Bodies.read(response, Limits.MAX_SMALL_DOCUMENT_BYTES, "token response"));
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw refused(context, "the token service answered without a token");
            }
            long seconds = body.path("expires_in").asLong(DEFAULT_TOKEN_LIFETIME.toSeconds());
            // renew a little early so a token does not expire between our check and the registry's
            Instant expires = Instant.now().plusSeconds(Math.max(5, Math.min(seconds, 3600)) - 5);
            return new Token(token, expires);
        } catch (IOException e) {
            throw CairnException.io(context + ": cannot get a token from " + uri.getHost() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CairnException.io(context + ": interrupted while getting a token", e);
        }
    }

    CairnException refused(String context, String why) {
        String hint = helperNote.orElse(credentials instanceof Credentials.Basic ? "check the credentials for " + registry : "run cairn login " + registry);
        return new CairnException(ErrorCode.IO, context + ": authentication failed: " + why + "; " + hint);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
