package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.cairn.model.CairnException;
import dev.cairn.policy.PolicyLoader;
import dev.cairn.policy.Verifications;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTPS front: {@code POST /mutate}, {@code POST /validate}, {@code GET /healthz},
 * {@code GET /readyz}, {@code GET /metrics}, {@code GET /reports}.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a virtual thread per exchange: no
 * dependency, and it meets the throughput target on small POSTs (see docs/admission.md for the
 * measurement). Everything from outside is bounded here before any parsing: the body size
 * (Content-Length checked up front, chunked bodies cut off), the content type, and the JSON
 * depth in {@link AdmissionReviews}.
 */
public final class AdmissionServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY Nagle's algorithm
        // and delayed ACKs add ~40 ms to every keep-alive exchange. Read once, when the JDK server's classes load.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // A client that trickles a request (or never reads the answer) is cut off after 30 s instead
        // of holding a connection forever; the API server sends and reads within milliseconds.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final HttpsServer http;
    private final ExecutorService executor;
    private final PolicyWatcher watcher;
    private final Metrics metrics;
    private final CachingVerifications verifications;
    private final RecentReports reports;
    private final int maxBodyBytes;

    private AdmissionServer(HttpsServer http, ExecutorService executor, PolicyWatcher watcher, Metrics metrics,
                            CachingVerifications verifications, RecentReports reports, int maxBodyBytes) {
        this.http = http;
        this.executor = executor;
        this.watcher = watcher;
        this.metrics = metrics;
        this.verifications = verifications;
        this.reports = reports;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Loads the policies (an invalid set throws: refuse to start), binds the port and starts
     * serving and watching the policy files.
     */
    public static AdmissionServer start(ServerConfig config, PolicyLoader loader, Verifications registries, PrintStream log) {
        if (config.policyPaths().isEmpty() && config.cluster().isEmpty()) {
            throw CairnException.invalid("no policies: give policy files or directories, or read them from the cluster");
        }
        Metrics metrics = new Metrics();
        List<PolicySource> sources = new ArrayList<>();
        if (!config.policyPaths().isEmpty()) {
            sources.add(new FilePolicySource(config.policyPaths()));
        }
        config.cluster().ifPresent(c -> sources.add(new KubernetesPolicySource(c, log::println)));
        PolicyWatcher watcher = new PolicyWatcher(loader, sources, metrics, log::println, Clock.systemUTC());
        CachingVerifications verifications = new CachingVerifications(registries, config.cache(), metrics);
        RecentReports reports = new RecentReports(10_000);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        AdmissionWebhook webhook = new AdmissionWebhook(watcher::current, verifications, config.deadline(), config.failurePolicy(),
                metrics, new DecisionLog(log), reports, executor);
        HttpsServer http;
        try {
            http = HttpsServer.create(config.listen(), 1024);
        } catch (IOException e) {
            executor.close();
            throw CairnException.io("cannot listen on " + config.listen().getHostString() + ":" + config.listen().getPort() + ": " + e.getMessage(), e);
        }
        SSLContext ssl = config.tls().sslContext();
        http.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        http.setExecutor(executor);
        AdmissionServer server = new AdmissionServer(http, executor, watcher, metrics, verifications, reports, config.maxBodyBytes());
        for (Endpoint endpoint : Endpoint.values()) {
            http.createContext(endpoint.path(), exchange -> server.admission(exchange, endpoint, webhook));
        }
        http.createContext("/healthz", exchange -> server.get(exchange, "/healthz", () -> "ok\n", "text/plain"));
        http.createContext("/readyz", exchange -> server.get(exchange, "/readyz", () -> watcher.current().describe() + "\n", "text/plain"));
        http.createContext("/metrics", exchange -> server.get(exchange, "/metrics", metrics::render, "text/plain; version=0.0.4"));
        http.createContext("/reports", server::reports);
        http.start();
        watcher.start(config.reloadInterval());
        return server;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    public Metrics metrics() {
        return metrics;
    }

    public RecentReports reports() {
        return reports;
    }

    CachingVerifications verifications() {
        return verifications;
    }

    PolicyWatcher policies() {
        return watcher;
    }

    private void admission(HttpExchange exchange, Endpoint endpoint, AdmissionWebhook webhook) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(endpoint.path())) {
                refuse(exchange, 404, "no such endpoint");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                refuse(exchange, 405, "use POST with an AdmissionReview");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !mediaType(type).equals("application/json")) {
                refuse(exchange, 415, "content type must be application/json, got " + (type == null ? "none" : AdmissionReviews.cut(type, 60)));
                return;
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && parseLength(length) > maxBodyBytes) {
                drain(exchange.getRequestBody(), parseLength(length));
                refuse(exchange, 413, "AdmissionReview of " + length + " bytes exceeds the limit of " + maxBodyBytes);
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody(), maxBodyBytes);
            if (body == null) {
                drain(exchange.getRequestBody(), Long.MAX_VALUE);
                refuse(exchange, 413, "AdmissionReview exceeds the limit of " + maxBodyBytes + " bytes");
                return;
            }
            byte[] answer;
            try {
                answer = webhook.review(endpoint, body);
            } catch (AdmissionReviews.BadReview e) {
                refuse(exchange, 400, e.getMessage());
                return;
            }
            send(exchange, 200, answer, "application/json");
        }
    }

    /** Answers a GET (or HEAD) of exactly {@code path} with 200 and {@code body}, computed only then. */
    private void get(HttpExchange exchange, String path, java.util.function.Supplier<String> body, String type) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                refuse(exchange, 404, "no such endpoint");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                refuse(exchange, 405, "use GET");
                return;
            }
            send(exchange, 200, body.get().getBytes(StandardCharsets.UTF_8), type);
        }
    }

    /**
     * {@code GET /reports[?namespace=N][&limit=L]}: the PolicyReports of the latest non-dry-run
     * decisions, newest first, {@link RecentReports#DEFAULT_LIST} unless {@code limit} says otherwise
     * (at most {@link RecentReports#MAX_LIST}).
     */
    private void reports(HttpExchange exchange) throws IOException {
        String namespace = "";
        int limit = RecentReports.DEFAULT_LIST;
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "namespace" -> namespace = value;
                    case "limit" -> {
                        try {
                            limit = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            limit = -1;
                        }
                        if (limit < 1 || limit > RecentReports.MAX_LIST) {
                            try (exchange) {
                                refuse(exchange, 400, "limit must be 1 to " + RecentReports.MAX_LIST);
                            }
                            return;
                        }
                    }
                    default -> {
                        try (exchange) {
                            refuse(exchange, 400, "unknown parameter " + AdmissionReviews.cut(name, 40) + " (namespace, limit)");
                        }
                        return;
                    }
                }
            }
        }
        String ns = namespace;
        int max = limit;
        get(exchange, "/reports", () -> reports.list(ns, max).toString(), "application/json");
    }

    private void refuse(HttpExchange exchange, int status, String message) throws IOException {
        metrics.rejectedRequest();
        // The body may be unread (too large, wrong type): close the connection instead of draining it.
        exchange.getResponseHeaders().set("Connection", "close");
        send(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).strip().toLowerCase(Locale.ROOT);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads and drops a refused body if it is at most a few times the limit, so the client, still
     * sending, reads our 413 instead of a reset connection; anything larger is cut off unread.
     */
    private void drain(InputStream in, long announced) throws IOException {
        long bound = 4L * maxBodyBytes;
        if (announced <= bound) {
            long skipped = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (skipped < bound && (n = in.read(buffer)) > 0) {
                skipped += n;
            }
        }
    }

    /** The body, or null when it is longer than {@code max} (we stop reading at {@code max + 1}). */
    private static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    @Override
    public void close() {
        watcher.close();
        http.stop(0);
        executor.shutdownNow();
    }
}
