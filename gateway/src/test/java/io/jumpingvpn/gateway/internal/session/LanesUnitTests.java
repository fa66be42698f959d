package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LanesUnitTests {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());
    private final ScheduledExecutorService storeThreads = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        storeThreads.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
    }

    /** A stage completed later by another thread, as a store's would be. */
    private CompletableFuture<Void> later(long millis) {
        var future = new CompletableFuture<Void>();
        storeThreads.schedule(() -> future.complete(null), millis, TimeUnit.MILLISECONDS);
        return future;
    }

    @Test
    void tasksOfOneIdNeverOverlapEvenAcrossAsynchronousStages() throws Exception {
        var lanes = new Lanes(group, id -> false);
        var running = new AtomicInteger();
        var maxRunning = new AtomicInteger();
        var order = Collections.synchronizedList(new ArrayList<Integer>());
        var done = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 20; i++) {
            int task = i;
            done.add(lanes.call("s", lane -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        order.add(task);
                        return Lanes.then(
                                        later(2),
                                        ignored -> {
                                            running.decrementAndGet();
                                            return CompletableFuture.completedFuture(task);
                                        },
                                        lane)
                                .thenApply(ignored -> task);
                    })
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(order)
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void differentIdsRunConcurrently() throws Exception {
        var lanes = new Lanes(group, id -> false);
        var inside = new CountDownLatch(2);
        var a = lanes.call("a", lane -> CompletableFuture.runAsync(() -> awaitLatch(inside), storeThreads));
        var b = lanes.call("b", lane -> CompletableFuture.runAsync(() -> awaitLatch(inside), storeThreads));

        CompletableFuture.allOf(a.toCompletableFuture(), b.toCompletableFuture())
                .get(10, TimeUnit.SECONDS);
    }

    private static void awaitLatch(CountDownLatch latch) {
        latch.countDown();
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingTaskDoesNotStopItsLaneAndIdleUnpinnedLanesAreRemoved() throws Exception {
        var pinned = List.of("kept");
        var lanes = new Lanes(group, pinned::contains);
        lanes.submit("gone", lane -> {
            throw new IllegalStateException("a bug in a task");
        });
        lanes.submit("gone", lane -> CompletableFuture.failedFuture(new IllegalStateException("a failed stage")));
        var after = lanes.call("gone", lane -> CompletableFuture.completedFuture("still running"));
        assertThat(after.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        lanes.call("kept", lane -> CompletableFuture.completedFuture(null))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> lanes.size() == 1);
    }
}
