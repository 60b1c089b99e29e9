package dev.cairn.cli;

import dev.cairn.sbom.SbomGenerator;

import java.io.PrintWriter;

/**
 * A one-line progress display on stderr, shown only when a terminal is attached and the work has
 * taken more than a moment; redrawn at most ten times a second so it never slows the scan.
 */
final class TerminalProgress implements SbomGenerator.Progress, AutoCloseable {
    private static final long QUIET_NANOS = 700_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int layer;
    private int layers;
    private long bytes;
    private int packages;

    private TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Progress on {@code err} if stderr is a terminal, else a no-op. */
    static TerminalProgress forTerminal(PrintWriter err) {
        return new TerminalProgress(err, System.console() != null && System.getenv("CAIRN_NO_PROGRESS") == null);
    }

    @Override
    public void layerStarted(int index, int total, long compressedBytes) {
        layer = index + 1;
        layers = total;
        draw();
    }

    @Override
    public void bytesRead(long n) {
        bytes += n;
        draw();
    }

    @Override
    public void packagesFound(int count) {
        packages = count;
        draw();
    }

    private void draw() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - started < QUIET_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.printf("\r\u001b[2Kcataloguing: layer %d/%d, %.1f MB read, %d packages", layer, layers, bytes / 1e6, packages);
        err.flush();
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[2K");
            err.flush();
        }
    }
}
