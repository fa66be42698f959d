package io.jumpingvpn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.store.tck.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the contract leaves to each store, as the in-memory store does it: ids, exact times, purging, closing. */
class InMemorySessionStoreSpecificsUnitTests {

    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final Duration SWEEP = Duration.ofMinutes(1);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AtomicInteger requests = new AtomicInteger();
    private final InMemorySessionStore store = new InMemorySessionStore(InMemoryStoreOptions.builder()
            .clock(clock)
            .tombstoneRetention(RETENTION)
            .sweepInterval(SWEEP)
            .build());

    @Test
    void sessionIdsAre128RandomBitsInUnpaddedBase64url() {
        var id = store.newSessionId().value();

        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }

    @Test
    void idsAndTheIncarnationComeFromTheInjectedRandom() {
        var first = seeded(42);
        var second = seeded(42);

        assertThat(first.newSessionId()).isEqualTo(second.newSessionId());
        assertThat(lease(first.registerNode(new NodeId("a"), Duration.ofMinutes(1)))
                        .incarnation())
                .isEqualTo(lease(second.registerNode(new NodeId("a"), Duration.ofMinutes(1)))
                        .incarnation())
                .hasSize(22);
        assertThat(seeded(43).newSessionId()).isNotEqualTo(seeded(42).newSessionId());
    }

    @Test
    void epochsCountUpFromOneAcrossAllNodes() {
        assertThat(lease(store.registerNode(new NodeId("a"), SWEEP)).node().epoch())
                .isEqualTo(1);
        assertThat(lease(store.registerNode(new NodeId("b"), SWEEP)).node().epoch())
                .isEqualTo(2);
        assertThat(lease(store.registerNode(new NodeId("a"), SWEEP)).node().epoch())
                .isEqualTo(3);
    }

    @Test
    void recordAndLeaseTimesAreExactlyTheInjectedClock() {
        long start = clock.millis();
        var node = lease(store.registerNode(new NodeId("a"), Duration.ofSeconds(30)));
        assertThat(node.storeNowMs()).isEqualTo(start);
        assertThat(node.expiresAtMs()).isEqualTo(start + 30_000);

        clock.advance(Duration.ofSeconds(2));
        var record = create(node.node(), Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(3));
        var moved = committed(store.transition(new TransitionCommit(
                record.id(), 1, SessionState.ATTACHED, SessionState.VOLATILE, node.node(), nextRequest())));

        assertThat(record.createdAtMs()).isEqualTo(start + 2_000);
        assertThat(record.expiresAtMs()).isEqualTo(start + 2_000 + 3_600_000);
        assertThat(moved.updatedAtMs()).isEqualTo(start + 5_000);
        assertThat(moved.createdAtMs()).isEqualTo(record.createdAtMs());
    }

    @Test
    void theLongestLifetimeIsStoredExactly() {
        var node = node("a");

        var record = create(node, CreateSession.MAX_LIFETIME);

        assertThat(record.expiresAtMs()).isEqualTo(clock.millis() + CreateSession.MAX_LIFETIME.toMillis());
        assertThat(read(record)).isInstanceOf(ReadResult.Found.class);
    }

    @Test
    void aClockThatStepsBackDoesNotBreakTheRecord() {
        var backwards = new SteppingClock(1_000_000);
        var stepping = new InMemorySessionStore(
                InMemoryStoreOptions.builder().clock(backwards).build());
        var node = lease(stepping.registerNode(new NodeId("a"), Duration.ofHours(1)))
                .node();
        var record = committed(stepping.create(createRequest(stepping.newSessionId(), node, Duration.ofHours(1))));
        backwards.now -= 10_000;

        var moved = committed(stepping.transition(new TransitionCommit(
                record.id(), 1, SessionState.ATTACHED, SessionState.VOLATILE, node, nextRequest())));

        assertThat(moved.updatedAtMs()).isEqualTo(record.updatedAtMs());
    }

    @Test
    void purgeRemovesOnlyRecordsPastTheirRetention() {
        var node = node("a");
        var live = create(node, Duration.ofDays(1));
        var terminated = terminate(create(node, Duration.ofDays(1)), node);
        var expiring = create(node, Duration.ofSeconds(1));

        clock.advance(RETENTION);
        assertThat(store.purge())
                .as("exactly at the retention the terminated record goes")
                .isEqualTo(1);
        assertThat(read(terminated)).isInstanceOf(ReadResult.Absent.class);
        assertThat(store.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.purge())
                .as("the expired one a retention after its expiry")
                .isEqualTo(1);
        assertThat(read(expiring)).isInstanceOf(ReadResult.Absent.class);
        assertThat(read(live)).isInstanceOf(ReadResult.Found.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aMutationSweepsTheTableOncePerSweepInterval() {
        var node = node("a");
        for (int i = 0; i < 5; i++) {
            terminate(create(node, Duration.ofDays(1)), node);
        }
        assertThat(store.size()).isEqualTo(5);

        clock.advance(RETENTION.plus(SWEEP));
        var fresh =
                lease(store.registerNode(new NodeId("b"), Duration.ofDays(1))).node();
        create(fresh, Duration.ofDays(1));

        assertThat(store.size()).as("tombstones swept without being touched").isEqualTo(1);
    }

    @Test
    void readingAPurgeableRecordRemovesIt() {
        var node = node("a");
        var record = terminate(create(node, Duration.ofDays(1)), node);
        clock.advance(RETENTION);

        assertThat(read(record)).isInstanceOf(ReadResult.Absent.class);
        assertThat(store.size()).isZero();
    }

    @Test
    void nodeRegistrationsLapsedLongerThanTheRetentionAreForgotten() {
        var gone = lease(store.registerNode(new NodeId("gone"), Duration.ofSeconds(1)))
                .node();
        clock.advance(Duration.ofSeconds(1));
        var stays = lease(store.registerNode(new NodeId("stays"), Duration.ofDays(1)))
                .node();
        clock.advance(RETENTION);

        store.purge();

        assertThat(committed(store.nodes())).extracting(NodeLease::node).containsExactly(stays);
        var reborn = lease(store.registerNode(new NodeId("gone"), Duration.ofDays(1)))
                .node();
        assertThat(reborn.epoch()).as("epochs never restart").isGreaterThan(stays.epoch());
        assertThat(gone.epoch()).isLessThan(stays.epoch());
    }

    @Test
    void aClosedStoreRefusesEverythingAsCertainlyNotExecuted() {
        var node = node("a");
        var record = create(node, Duration.ofDays(1));

        store.close();

        assertThat(store.read(record.id()).toCompletableFuture().join()).isInstanceOf(ReadResult.Unavailable.class);
        assertUnavailable(store.create(createRequest(store.newSessionId(), node, Duration.ofDays(1))));
        assertUnavailable(store.terminate(
                new TerminateCommit(record.id(), 1, node, "GONE", TerminateCommit.Authority.OWNER, nextRequest())));
        assertUnavailable(store.registerNode(new NodeId("b"), SWEEP));
        assertUnavailable(store.nodes());
        assertUnavailable(store.list(Optional.empty(), 10));
    }

    @Test
    void programmingErrorsThrowAtOnce() {
        var node = node("a");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.registerNode(new NodeId("b"), Duration.ZERO))
                .withMessageContaining("lease must be at least 1 ms");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.renewNode(node, "x", Duration.ofMillis(-1)))
                .withMessageContaining("lease");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.list(Optional.empty(), 0))
                .withMessageContaining("limit");
        assertThatNullPointerException().isThrownBy(() -> store.reattach(null)).withMessage("request");
        assertThatNullPointerException().isThrownBy(() -> store.read(null)).withMessage("id");
    }

    private InMemorySessionStore seeded(long seed) {
        return new InMemorySessionStore(InMemoryStoreOptions.builder()
                .clock(clock)
                .random(new SplittableRandom(seed))
                .build());
    }

    private NodeRef node(String name) {
        return lease(store.registerNode(new NodeId(name), Duration.ofDays(1))).node();
    }

    private SessionRecord create(NodeRef owner, Duration lifetime) {
        return committed(store.create(createRequest(store.newSessionId(), owner, lifetime)));
    }

    private SessionRecord terminate(SessionRecord record, NodeRef owner) {
        return committed(store.terminate(new TerminateCommit(
                record.id(), record.version(), owner, "GONE", TerminateCommit.Authority.OWNER, nextRequest())));
    }

    private ReadResult read(SessionRecord record) {
        return store.read(record.id()).toCompletableFuture().join();
    }

    private CreateSession createRequest(io.jumpingvpn.store.SessionId id, NodeRef owner, Duration lifetime) {
        return new CreateSession(
                id,
                AgentPublicKey.of(new byte[32]),
                owner,
                new Binding("udp", "192.0.2.10:4000"),
                nextRequest(),
                lifetime,
                "default");
    }

    private RequestId nextRequest() {
        return new RequestId("r-" + requests.incrementAndGet());
    }

    private static NodeLease lease(CompletionStage<StoreResult<NodeLease>> stage) {
        return committed(stage);
    }

    private static <T> T committed(CompletionStage<StoreResult<T>> stage) {
        var result = stage.toCompletableFuture().join();
        assertThat(result).isInstanceOf(StoreResult.Committed.class);
        return ((StoreResult.Committed<T>) result).value();
    }

    private static void assertUnavailable(CompletionStage<? extends StoreResult<?>> stage) {
        var result = stage.toCompletableFuture().join();
        assertThat(result).isInstanceOf(StoreResult.Rejected.class);
        assertThat(((StoreResult.Rejected<?>) result).code()).isEqualTo(StoreRejectCode.STORE_UNAVAILABLE);
    }

    /** A clock a test sets by hand, including backwards. */
    private static final class SteppingClock implements java.time.InstantSource {
        private volatile long now;

        SteppingClock(long now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    }
}
