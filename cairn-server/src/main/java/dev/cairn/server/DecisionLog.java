package dev.cairn.server;

import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.RuleResult;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** One line per decision on stderr: endpoint, operation, resource, result, latency, then each rule's result and image. */
final class DecisionLog {
    private static final int MAX_RESULTS = 8;
    private final PrintStream out;

    DecisionLog(PrintStream out) {
        this.out = out;
    }

    void decided(Endpoint endpoint, AdmissionResource resource, Metrics.Result result, long nanos, Decision decision) {
        StringBuilder line = new StringBuilder(160).append("cairn server: ").append(endpoint.path().substring(1)).append(' ')
                .append(resource.operation()).append(' ').append(resource.display()).append(' ')
                .append(result.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(String.format(Locale.ROOT, "%.1fms", nanos / 1e6));
        if (resource.dryRun()) {
            line.append(" dryRun");
        }
        List<RuleResult> results = decision.results();
        for (int i = 0; i < Math.min(results.size(), MAX_RESULTS); i++) {
            RuleResult r = results.get(i);
            line.append(i == 0 ? " [" : "; ").append(r.policy()).append('/').append(r.rule()).append(' ')
                    .append(r.image().orElse("-")).append(' ').append(r.status().wire());
        }
        if (results.size() > MAX_RESULTS) {
            line.append("; … ").append(results.size() - MAX_RESULTS).append(" more");
        }
        if (!results.isEmpty()) {
            line.append(']');
        }
        if (!decision.allowed()) {
            line.append(": ").append(AdmissionReviews.cut(decision.message(), 400));
        }
        out.println(line);
    }

    void refused(Endpoint endpoint, AdmissionResource resource, String message) {
        out.println("cairn server: " + endpoint.path().substring(1) + " " + resource.operation() + " " + resource.display() + " refused: " + message);
    }
}
