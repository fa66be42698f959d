package io.jumpingvpn.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.StoreResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds every store call in time and turns failures into results. A mutation that does not answer within the timeout,
 * or fails with an exception, may still have run: it becomes {@link StoreResult.Unknown} (reconcile before touching the
 * session again). A read that does not answer becomes {@link ReadResult.Unavailable}. The store's own future is never
 * completed by us (we work on a copy), so a store that answers late still sees its own result.
 */
public final class StoreCalls {

    private StoreCalls() {}

    public static <T> CompletableFuture<StoreResult<T>> mutation(
            CompletionStage<StoreResult<T>> stage, Duration timeout) {
        requireNonNull(stage, "stage");
        return stage.toCompletableFuture()
                .copy()
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result;
                    }
                    return StoreResult.<T>unknown(describe(failure, timeout));
                });
    }

    public static CompletableFuture<ReadResult> read(CompletionStage<ReadResult> stage, Duration timeout) {
        requireNonNull(stage, "stage");
        return stage.toCompletableFuture()
                .copy()
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result;
                    }
                    return new ReadResult.Unavailable(describe(failure, timeout));
                });
    }

    private static String describe(Throwable failure, Duration timeout) {
        var cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer from the store within " + timeout.toMillis() + " ms";
        }
        return "store call failed: " + cause;
    }
}
