package dev.cairn.server;

import dev.cairn.model.CairnException;
import dev.cairn.policy.Admission;
import dev.cairn.policy.AdmissionResource;
import dev.cairn.policy.Decision;
import dev.cairn.policy.PodImages;
import dev.cairn.policy.RuleResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Turns one AdmissionReview into an answer: which requests need no work, the decision under the
 * policy set in force, the failure policy for verification errors, digest pins on the mutating
 * endpoint only, metrics, the decision log and the report store (skipped on dry runs).
 */
final class AdmissionWebhook {
    /** Extra time the policies get past the verification deadline before we answer without them. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final Supplier<PolicyState> policies;
    private final CachingVerifications verifications;
    private final Duration deadline;
    private final FailurePolicy failurePolicy;
    private final Metrics metrics;
    private final DecisionLog log;
    private final RecentReports reports;
    private final Executor executor;

    AdmissionWebhook(Supplier<PolicyState> policies, CachingVerifications verifications, Duration deadline, FailurePolicy failurePolicy,
                     Metrics metrics, DecisionLog log, RecentReports reports, Executor executor) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.verifications = Objects.requireNonNull(verifications, "verifications");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
        this.metrics = metrics;
        this.log = log;
        this.reports = reports;
        this.executor = executor;
    }

    /** The AdmissionReview answer for this request body; {@link AdmissionReviews.BadReview} for a request we cannot answer. */
    byte[] review(Endpoint endpoint, byte[] body) {
        long start = System.nanoTime();
        AdmissionReviews.Request request = AdmissionReviews.parse(AdmissionReviews.parseJson(body));
        try {
            return answer(endpoint, request, Deadline.startingNow(deadline), start);
        } finally {
            metrics.observeLatency(endpoint, System.nanoTime() - start);
        }
    }

    private byte[] answer(Endpoint endpoint, AdmissionReviews.Request request, Deadline deadline, long start) {
        AdmissionResource resource = request.resource();
        if (resource.operation() == AdmissionResource.Operation.DELETE || resource.operation() == AdmissionResource.Operation.CONNECT
                || PodImages.podSpecPointer(resource.kind()).isEmpty()) {
            metrics.decision(Metrics.Result.ALLOWED);
            return AdmissionReviews.allowed(request.uid(), List.of(), List.of());
        }
        try {
            PodImages.all(resource.kind(), resource.object()); // bounded refusal before any policy does work
        } catch (CairnException e) {
            metrics.decision(Metrics.Result.DENIED);
            log.refused(endpoint, resource, e.getMessage());
            return AdmissionReviews.denied(request.uid(), 400, resource.display() + " refused: " + e.getMessage(), List.of());
        }
        PolicyState state = policies.get();
        Decision decision = applyFailurePolicy(decide(state, resource, deadline));
        Metrics.Result result = classify(decision);
        metrics.decision(result);
        reports.record(resource, decision, state.policies());
        log.decided(endpoint, resource, result, System.nanoTime() - start, decision);
        if (!decision.allowed()) {
            return AdmissionReviews.denied(request.uid(), 403, decision.message(), decision.warnings());
        }
        return AdmissionReviews.allowed(request.uid(), decision.warnings(), endpoint == Endpoint.MUTATE ? decision.patches() : List.of());
    }

    /**
     * The policies' decision, or a denial if they have not decided shortly after the deadline. Every
     * registry call already honours the deadline; this bounds everything else, so the API server
     * always hears from us before its own timeout.
     */
    private Decision decide(PolicyState state, AdmissionResource resource, Deadline deadline) {
        var verifier = verifications.forRequest(state.policies().fingerprint(), deadline);
        CompletableFuture<Decision> decision = CompletableFuture.supplyAsync(() -> Admission.decide(state.policies(), resource, verifier), executor);
        try {
            return decision.get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            decision.cancel(true);
            return failed(resource, "policies did not decide within " + Deadline.display(deadline.budget().plus(GRACE)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(resource, "interrupted while deciding");
        } catch (ExecutionException e) {
            // Admission turns CairnExceptions into ERROR results; anything reaching here is a bug. Fail closed.
            return failed(resource, "internal error while deciding: " + e.getCause());
        }
    }

    private static Decision failed(AdmissionResource resource, String reason) {
        RuleResult error = new RuleResult("cairn", "-", java.util.Optional.empty(), RuleResult.Status.ERROR, reason,
                RuleResult.FailureAction.ENFORCE, java.util.Optional.empty());
        return new Decision(false, resource.display() + " denied: " + reason, List.of(), List.of(), List.of(error));
    }

    /** {@code failurePolicy: Ignore}: a denial made only of verification errors becomes an admission with warnings. */
    private Decision applyFailurePolicy(Decision decision) {
        if (decision.allowed() || failurePolicy != FailurePolicy.IGNORE) {
            return decision;
        }
        List<RuleResult> denying = decision.results().stream().filter(RuleResult::denies).toList();
        if (denying.stream().anyMatch(r -> r.status() != RuleResult.Status.ERROR)) {
            return decision;
        }
        List<String> warnings = new ArrayList<>(decision.warnings());
        denying.forEach(r -> warnings.add(r.describe() + " (admitted: failurePolicy Ignore)"));
        Map<String, RuleResult.ImagePatch> patches = new LinkedHashMap<>();
        decision.results().forEach(r -> r.patch().ifPresent(p -> patches.putIfAbsent(p.pointer(), p)));
        return new Decision(true, "", warnings, List.copyOf(patches.values()), decision.results());
    }

    private static Metrics.Result classify(Decision decision) {
        if (decision.results().stream().anyMatch(r -> r.status() == RuleResult.Status.ERROR)) {
            return Metrics.Result.ERROR;
        }
        if (!decision.allowed()) {
            return Metrics.Result.DENIED;
        }
        return decision.warnings().isEmpty() ? Metrics.Result.ALLOWED : Metrics.Result.WARNED;
    }
}
