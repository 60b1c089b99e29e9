import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A small HTTPS load generator for the admission webhook, run in its own JVM:
 * {@code java bench/WebhookLoad.java --url https://127.0.0.1:PORT/mutate --ca ca.crt --body FILE|DIR
 * [--rate R | --max] [--connections C] [--duration S] [--warmup S]}.
 *
 * <p>Keep-alive TLS connections written by hand (request in one write, Content-Length framing), so
 * the client costs little of the CPU the server needs. {@code --rate} is open loop: request i is due
 * at {@code start + i/R} and its latency is measured from when it was due, so a stalled server is
 * charged for the requests queued behind it (no coordinated omission). {@code --max} is closed
 * loop: every connection sends as soon as the previous answer arrived. Bodies from a directory are
 * sent in turn (distinct images for cold verification). Prints one line of key=value results.
 */
public final class WebhookLoad {
    public static void main(String[] args) throws Exception {
        URI url = null;
        Path ca = null;
        Path body = null;
        double rate = 0;
        int connections = 16;
        double duration = 10;
        double warmup = 3;
        long serverPid = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = URI.create(args[++i]);
                case "--ca" -> ca = Path.of(args[++i]);
                case "--body" -> body = Path.of(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--max" -> rate = 0;
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--server-pid" -> serverPid = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (url == null || ca == null || body == null) {
            throw new IllegalArgumentException("need --url, --ca and --body");
        }
        List<byte[]> requests = requests(url, body);
        SSLContext tls = trusting(ca);
        // Connections are opened (TLS handshakes done) before anything is timed, and kept for both runs.
        Connection[] pool = new Connection[connections];
        for (int c = 0; c < connections; c++) {
            pool[c] = new Connection(url, tls);
        }
        if (warmup > 0) {
            run(pool, url, tls, requests, rate, connections, warmup);
        }
        long serverCpuBefore = cpuTicks(serverPid);
        long clientCpuBefore = clientCpuNanos();
        Result r = run(pool, url, tls, requests, rate, connections, duration);
        long serverCpu = cpuTicks(serverPid) - serverCpuBefore;
        long clientCpu = clientCpuNanos() - clientCpuBefore;
        long[] lat = r.latencies;
        Arrays.sort(lat);
        // CPU per request (server: from /proc, in clock ticks of 10 ms) says what the machine's load cannot distort much.
        double serverUs = serverPid < 0 || lat.length == 0 ? 0 : serverCpu * 10_000.0 / lat.length;
        double clientUs = lat.length == 0 ? 0 : clientCpu / 1e3 / lat.length;
        System.out.printf(Locale.ROOT, "mode=%s rate=%.0f connections=%d duration=%.1f requests=%d errors=%d denied=%d throughput=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f server_cpu_us=%.0f client_cpu_us=%.0f%n",
                rate > 0 ? "open" : "closed", rate, connections, r.seconds, lat.length, r.errors, r.denied, lat.length / r.seconds,
                pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, serverUs, clientUs);
    }

    private record Result(long[] latencies, long errors, long denied, double seconds) {
    }

    private static Result run(Connection[] pool, URI url, SSLContext tls, List<byte[]> requests, double rate, int connections, double seconds) throws Exception {
        long start = System.nanoTime() + 50_000_000L; // let every connection open first
        long end = start + (long) (seconds * 1e9);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] lat = new long[(int) Math.max(1_000, (rate > 0 ? rate : 20_000) * seconds * 2 / connections + 1000)];
            int[] count = new int[1];
            int slot = c;
            perThread.add(lat);
            counts.add(count);
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                Connection conn = pool[slot];
                while (true) {
                    long i = next.getAndIncrement();
                    long due = rate > 0 ? start + (long) (i * 1e9 / rate) : Math.max(start, System.nanoTime());
                    if (due >= end) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    try {
                        if (conn == null) {
                            conn = new Connection(url, tls);
                        }
                        String answer = conn.exchange(requests.get((int) (i % requests.size())));
                        long latency = System.nanoTime() - due;
                        if (!answer.contains("\"allowed\":true")) {
                            denied.incrementAndGet();
                        }
                        if (count[0] < lat.length) {
                            lat[count[0]++] = latency;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                }
                pool[slot] = conn;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
        long[] all = new long[counts.stream().mapToInt(c -> c[0]).sum()];
        int k = 0;
        for (int t = 0; t < perThread.size(); t++) {
            System.arraycopy(perThread.get(t), 0, all, k, counts.get(t)[0]);
            k += counts.get(t)[0];
        }
        return new Result(all, errors.get(), denied.get(), Math.min(elapsed, seconds + 1));
    }

    /** utime + stime of a process, in clock ticks; 0 when unknown. */
    private static long cpuTicks(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** One keep-alive HTTPS connection. */
    private static final class Connection {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(URI url, SSLContext tls) throws IOException {
            // (opened on the main thread before timing starts; reopened in a worker only after an error)
            socket = (SSLSocket) tls.getSocketFactory().createSocket(url.getHost(), url.getPort());
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        String exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int length = -1;
            StringBuilder line = new StringBuilder();
            int status = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b == '\n') {
                    String l = line.toString().strip();
                    line.setLength(0);
                    if (l.isEmpty()) {
                        break;
                    }
                    if (status == 0) {
                        status = Integer.parseInt(l.split(" ")[1]);
                    } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(l.substring(15).strip());
                    }
                } else {
                    line.append((char) b);
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length");
            }
            byte[] body = in.readNBytes(length);
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            return new String(body, StandardCharsets.UTF_8);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // done anyway
            }
        }
    }

    private static List<byte[]> requests(URI url, Path body) throws IOException {
        List<Path> files;
        if (Files.isDirectory(body)) {
            try (Stream<Path> s = Files.list(body)) {
                files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
        } else {
            files = List.of(body);
        }
        List<byte[]> requests = new ArrayList<>();
        for (Path f : files) {
            byte[] json = Files.readAllBytes(f);
            byte[] head = ("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + json.length);
            System.arraycopy(json, 0, request, head.length, json.length);
            requests.add(request);
        }
        return requests;
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caFile)))) {
            trust.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
