package io.jumpingvpn.gateway.metrics;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} that measures every call of the store it wraps, knowing nothing of what is behind it:
 *
 * <ul>
 *   <li>{@code jvpn.store.operation.duration} (timer with histogram, tag {@code operation}): from the call to the
 *       completion of the store's own stage, whatever the outcome;
 *   <li>{@code jvpn.store.operations} (counter, tags {@code operation}, {@code outcome}): {@code COMMITTED}, the reject
 *       code, {@code UNKNOWN}, {@code FAILED} for mutations; {@code FOUND}, {@code ABSENT}, {@code CORRUPT},
 *       {@code UNAVAILABLE} for reads; {@code OK} for lists;
 *   <li>{@code jvpn.store.errors} (counter, tag {@code operation}): calls the store could not answer: {@code UNKNOWN},
 *       {@code FAILED}, {@code UNAVAILABLE}, or a refusal {@code STORE_UNAVAILABLE}.
 * </ul>
 *
 * Results pass through unchanged, on the thread that completed them. Closing closes the wrapped store.
 */
public final class MeteredSessionStore implements SessionStore {

    private final SessionStore store;
    private final MeterRegistry registry;

    public MeteredSessionStore(SessionStore store, MeterRegistry registry) {
        this.store = requireNonNull(store, "store");
        this.registry = requireNonNull(registry, "registry");
    }

    /** The store being measured. */
    public SessionStore delegate() {
        return store;
    }

    @Override
    public SessionId newSessionId() {
        return store.newSessionId();
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        return mutation("create", () -> store.create(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        return mutation("reattach", () -> store.reattach(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        return mutation("transition", () -> store.transition(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        return mutation("terminate", () -> store.terminate(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        return mutation("transfer", () -> store.transfer(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        return mutation("reconcile", () -> store.reconcile(id, request, node));
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        return timed("read", () -> store.read(id), MeteredSessionStore::readOutcome);
    }

    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        return mutation("list", () -> store.list(ownedBy, limit));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        return mutation("register_node", () -> store.registerNode(node, lease));
    }

    @Override
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
        return mutation("renew_node", () -> store.renewNode(node, incarnation, lease));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        return mutation("release_node", () -> store.releaseNode(node));
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        return mutation("nodes", store::nodes);
    }

    /** Subscriptions are not store calls: passed through unmeasured. */
    @Override
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return store.watch(self, listener);
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        return mutation("announce_release", () -> store.announceRelease(release));
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> CompletionStage<StoreResult<T>> mutation(
            String operation, Supplier<CompletionStage<StoreResult<T>>> call) {
        return timed(operation, call, MeteredSessionStore::resultOutcome);
    }

    private <R> CompletionStage<R> timed(
            String operation, Supplier<CompletionStage<R>> call, Function<R, String> outcome) {
        long start = System.nanoTime();
        var stage = call.get();
        stage.whenComplete((result, failure) -> {
            long elapsed = System.nanoTime() - start;
            timer(operation).record(elapsed, TimeUnit.NANOSECONDS);
            var what = failure != null || result == null ? "FAILED" : outcome.apply(result);
            Counter.builder("jvpn.store.operations")
                    .tags("operation", operation, "outcome", what)
                    .description("store calls, by operation and outcome")
                    .register(registry)
                    .increment();
            if (isError(what)) {
                Counter.builder("jvpn.store.errors")
                        .tags("operation", operation)
                        .description("store calls the store could not answer, by operation")
                        .register(registry)
                        .increment();
            }
        });
        return stage;
    }

    private Timer timer(String operation) {
        return Timer.builder("jvpn.store.operation.duration")
                .tag("operation", operation)
                .description("store calls from request to answer, any outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    static String resultOutcome(StoreResult<?> result) {
        return switch (result) {
            case StoreResult.Committed<?> committed -> "COMMITTED";
            case StoreResult.Rejected<?> rejected -> rejected.code().name();
            case StoreResult.Unknown<?> unknown -> "UNKNOWN";
        };
    }

    static String readOutcome(ReadResult result) {
        return switch (result) {
            case ReadResult.Found found -> "FOUND";
            case ReadResult.Absent absent -> "ABSENT";
            case ReadResult.Corrupt corrupt -> "CORRUPT";
            case ReadResult.Unavailable unavailable -> "UNAVAILABLE";
        };
    }

    static boolean isError(String outcome) {
        return switch (outcome) {
            case "UNKNOWN", "FAILED", "UNAVAILABLE", "STORE_UNAVAILABLE" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "MeteredSessionStore[" + store + "]";
    }
}
