package dev.cairn.policy;

import dev.cairn.model.CairnException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent verifications at once on virtual threads: the images of one request wait on
 * registries, not on CPU, so they overlap. Order of results follows the input.
 */
public final class Parallel {
    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<T, R> work) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(work).toList();
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                futures.add(executor.submit(() -> work.apply(input)));
            }
            List<R> results = new ArrayList<>(inputs.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CairnException.io("interrupted while verifying images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
