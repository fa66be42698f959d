package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises all work on one session id: a lane per id, each running its tasks one after another on one event loop. A
 * task returns a stage and the lane starts the next task only when that stage completes, so an operation that spans
 * store calls (read, then commit, then bind) holds its session until it is done, and nothing else interleaves. Store
 * completions arrive on store threads; tasks continue on the lane's executor ({@code thenComposeAsync(..., lane)}), so
 * every step of a session runs on one thread, one at a time.
 *
 * <p>Lanes exist on demand: a lane is created by the first task for its id, and removed when it runs dry and the id is
 * not {@code pinned} (not a session this node holds). Queue and running flag are only touched inside the map's
 * per-key {@code compute}, which makes creation, submission and removal atomic with respect to each other.
 */
final class Lanes {

    /** The executor of a running task: continue a task's stages on it. */
    interface Lane extends Executor {}

    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    private final class Queue implements Lane {
        final String id;
        final EventExecutor executor;
        final ArrayDeque<Function<Lane, CompletionStage<?>>> tasks = new ArrayDeque<>();
        boolean running;

        Queue(String id, EventExecutor executor) {
            this.id = id;
            this.executor = executor;
        }

        @Override
        public void execute(Runnable command) {
            executor.execute(command);
        }
    }

    private final ConcurrentHashMap<String, Queue> lanes = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final Predicate<String> pinned;

    Lanes(EventLoopGroup group, Predicate<String> pinned) {
        this.group = requireNonNull(group, "group");
        this.pinned = requireNonNull(pinned, "pinned");
    }

    /** Queues {@code task} on the lane of {@code id}. */
    void submit(String id, Function<Lane, CompletionStage<?>> task) {
        requireNonNull(id, "id");
        requireNonNull(task, "task");
        var start = new boolean[1];
        var lane = lanes.compute(id, (key, existing) -> {
            var queue = existing != null ? existing : new Queue(key, group.next());
            queue.tasks.add(task);
            if (!queue.running) {
                queue.running = true;
                start[0] = true;
            }
            return queue;
        });
        if (start[0]) {
            lane.execute(() -> runNext(lane));
        }
    }

    /** Queues {@code task} and returns a stage completing with its result. */
    <T> CompletionStage<T> call(String id, Function<Lane, CompletionStage<T>> task) {
        var result = new CompletableFuture<T>();
        submit(id, lane -> {
            CompletionStage<T> stage;
            try {
                stage = task.apply(lane);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
            return stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        });
        return result;
    }

    /**
     * Continues {@code stage} with {@code next} on {@code lane}; the step may return a stage of any type (only its
     * completion matters to the lane).
     */
    static <T> CompletionStage<Object> then(
            CompletionStage<T> stage, Function<T, CompletionStage<?>> next, Executor lane) {
        return stage.thenComposeAsync(value -> erase(next.apply(value)), lane);
    }

    @SuppressWarnings("unchecked")
    static CompletionStage<Object> erase(CompletionStage<?> stage) {
        // Lane stages carry no value anyone reads; the cast only forgets a type argument.
        return (CompletionStage<Object>) stage;
    }

    int size() {
        return lanes.size();
    }

    private void runNext(Queue lane) {
        @SuppressWarnings("unchecked")
        Function<Lane, CompletionStage<?>>[] next = new Function[1];
        lanes.compute(lane.id, (key, queue) -> {
            next[0] = lane.tasks.poll();
            if (next[0] == null) {
                lane.running = false;
                return pinned.test(key) ? lane : null;
            }
            return lane;
        });
        if (next[0] == null) {
            return;
        }
        CompletionStage<?> stage;
        try {
            stage = next[0].apply(lane);
        } catch (RuntimeException e) {
            log.warn("a task of session {} failed: {}", lane.id, e.toString(), e);
            stage = CompletableFuture.completedFuture(null);
        }
        stage.whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("a task of session {} failed: {}", lane.id, failure.toString(), failure);
            }
            // Always through the executor: no recursion, and the next task starts on the lane's thread.
            lane.execute(() -> runNext(lane));
        });
    }
}
