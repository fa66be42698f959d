package io.jumpingvpn.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.Handover;
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
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.jumpingvpn.store.memory.InMemoryStoreOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves that the contract suite can fail: runs parts of it against stores broken on purpose and expects failures.
 * The broken suites below are disabled so that nothing else runs them; this test runs them with the disabled condition
 * switched off.
 */
class ContractSuiteSelfCheckUnitTests {

    @Test
    void theCorrectStorePassesTheSameParts() {
        var summary = run(Correct.class);

        assertThat(summary.getTestsFoundCount()).isGreaterThan(10);
        assertThat(summary.getTotalFailureCount()).isZero();
    }

    @Test
    void lastWriteWinsIsCaught() {
        assertCaught(
                run(LastWriteWins.class),
                "theLoserOfARaceForTheSameVersionGetsOwnershipConflict",
                "aRequestOlderThanTheLastCommitIsStaleVersion",
                "itIsNeverLastWriteWinsEvenFromTheSameNode");
    }

    @Test
    void aCheckThenActRaceIsCaught() {
        assertCaught(
                run(CheckThenAct.class),
                "racingReattachesAtTheSameVersionHaveExactlyOneWinnerPerSessionPerRound",
                "racingTransfersAndReattachesHaveExactlyOneWinner");
    }

    @Test
    void aRetryReportedAsAFreshCommitIsCaught() {
        assertCaught(
                run(ForgetsRetries.class),
                "aRepeatedRequestFromTheCommittingNodeReturnsTheSuccessAgainAndChangesNothing",
                "aRetryAfterLaterCommitsReturnsSuccessWithTheRecordAsItIsNow");
    }

    @Test
    void reconciliationThatDoesNotFenceIsCaught() {
        assertCaught(
                run(NeverFences.class),
                "aRequestWhoseReplyWasLostIsFoundCommitted",
                "aRequestThatNeverArrivedIsFencedWithoutANewVersion",
                "aFencedRequestArrivingLateNeverCommits");
    }

    @Test
    void aStoreWhoseTimeDoesNotMoveIsCaught() {
        assertCaught(
                run(FrozenTime.class),
                "anExpiredSessionRefusesReattachTransitionAndTransfer",
                "aTerminatedRecordIsKeptForTheRetentionThenPurged");
    }

    @Test
    void handoversThatNeverReachTheDisplacedNodeAreCaught() {
        assertCaught(
                run(LosesHandovers.class),
                "theDisplacedNodeReceivesEachHandoverExactlyOnceWithItsNextRenewal",
                "handoversWaitForTheRenewalWhileNobodyWatchesAndTimePasses",
                "handoversGoToTheDisplacedEpochOnly");
    }

    @Test
    void handoversHandedOutTwiceAreCaught() {
        assertCaught(run(RepeatsHandovers.class), "theDisplacedNodeReceivesEachHandoverExactlyOnceWithItsNextRenewal");
    }

    /** Asserts that at least the named contract tests failed against the broken store. */
    private static void assertCaught(TestExecutionSummary summary, String... mustFail) {
        assertThat(summary.getTestsFoundCount()).as("tests found").isPositive();
        var failed = summary.getFailures().stream()
                .map(failure -> failure.getTestIdentifier().getSource())
                .flatMap(Optional::stream)
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName())
                .toList();
        assertThat(failed)
                .as("contract tests that failed against a broken store")
                .contains(mustFail);
    }

    private static TestExecutionSummary run(Class<?> suite) {
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .build();
        var listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    // ---- the suites, each a part of the contract bound to one (broken) store ----

    private static final String ONLY_BY_SELF_CHECK = "run only by ContractSuiteSelfCheckUnitTests";

    /** An in-memory store on a manual clock, seen through {@code wrap}. */
    private static StoreFixture inMemory(UnaryOperator<SessionStore> wrap, boolean timeMoves) {
        var clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
        return new StoreFixture() {
            @Override
            public SessionStore createStore() {
                return wrap.apply(new InMemorySessionStore(
                        InMemoryStoreOptions.builder().clock(clock).build()));
            }

            @Override
            public void elapse(Duration duration) {
                if (timeMoves) {
                    clock.advance(duration);
                }
            }

            @Override
            public Duration tombstoneRetention() {
                return InMemoryStoreOptions.DEFAULT_TOMBSTONE_RETENTION;
            }
        };
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class Correct extends ReattachContract {
        private final StoreFixture fixture = inMemory(store -> store, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class LastWriteWins extends ReattachContract {
        private final StoreFixture fixture = inMemory(LastWriteWinsStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class CheckThenAct extends ConcurrencyContract {
        private final StoreFixture fixture = inMemory(CheckThenActStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class ForgetsRetries extends SharedChecksContract {
        private final StoreFixture fixture = inMemory(ForgetsRetriesStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class NeverFences extends ReconcileContract {
        private final StoreFixture fixture = inMemory(NeverFencesStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class FrozenTime extends ExpiryContract {
        private final StoreFixture fixture = inMemory(store -> store, false);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class LosesHandovers extends HandoverContract {
        private final StoreFixture fixture = inMemory(LosesHandoversStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    @Disabled(ONLY_BY_SELF_CHECK)
    static class RepeatsHandovers extends HandoverContract {
        private final StoreFixture fixture = inMemory(RepeatsHandoversStore::new, true);

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    // ---- the broken stores ----

    /** Renews the lease but hands out nothing: a node learns of a hand-over only if somebody tells it otherwise. */
    private static final class LosesHandoversStore extends DelegatingStore {
        LosesHandoversStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
            return super.renewNode(node, incarnation, lease)
                    .thenApply(result -> result instanceof StoreResult.Committed<LeaseRenewal> c
                            ? StoreResult.committed(new LeaseRenewal(c.value().lease(), List.of()))
                            : result);
        }
    }

    /** Hands out every hand-over again with the next renewal (never forgets what it handed out). */
    private static final class RepeatsHandoversStore extends DelegatingStore {
        private final Map<NodeRef, List<Handover>> handedOut = new ConcurrentHashMap<>();

        RepeatsHandoversStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
            return super.renewNode(node, incarnation, lease).thenApply(result -> {
                if (!(result instanceof StoreResult.Committed<LeaseRenewal> c)) {
                    return result;
                }
                var all = handedOut.merge(node, c.value().handovers(), (old, fresh) -> {
                    var merged = new ArrayList<>(old);
                    merged.addAll(fresh);
                    return merged;
                });
                return StoreResult.committed(new LeaseRenewal(c.value().lease(), all));
            });
        }
    }

    /** Commits whatever version the request expected: the store's version, always. */
    private static final class LastWriteWinsStore extends DelegatingStore {
        LastWriteWinsStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
            return currentVersion(request.id())
                    .map(version -> super.reattach(new ReattachCommit(
                            request.id(),
                            version,
                            request.nonce(),
                            request.request(),
                            request.node(),
                            request.binding())))
                    .orElseGet(() -> super.reattach(request));
        }
    }

    /**
     * Checks the version, then commits later without checking again: two racers can both pass the check. So that the
     * defect shows however the machine schedules the racers, a racer that passed the check waits (bounded) until a
     * second racer for the same session and version has passed it too, or another commit had time to land.
     */
    private static final class CheckThenActStore extends DelegatingStore {
        private final Map<String, CountDownLatch> passedTheCheck = new ConcurrentHashMap<>();

        CheckThenActStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
            if (currentVersion(request.id()).orElse(-1L) != request.expectedVersion()) {
                return super.reattach(request);
            }
            var both = passedTheCheck.computeIfAbsent(
                    request.id() + "@" + request.expectedVersion(), key -> new CountDownLatch(2));
            both.countDown();
            try {
                both.await(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = currentVersion(request.id()).orElse(request.expectedVersion());
            return super.reattach(new ReattachCommit(
                    request.id(), now, request.nonce(), request.request(), request.node(), request.binding()));
        }
    }

    /** Reports an idempotent retry as a fresh commit. */
    private static final class ForgetsRetriesStore extends DelegatingStore {
        ForgetsRetriesStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
            return super.reattach(request)
                    .thenApply(result -> result instanceof StoreResult.Committed<SessionRecord> c
                            ? new StoreResult.Committed<>(c.value(), false)
                            : result);
        }
    }

    /** Answers every reconciliation with NOT_COMMITTED without looking or fencing. */
    private static final class NeverFencesStore extends DelegatingStore {
        NeverFencesStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
            return CompletableFuture.completedFuture(
                    StoreResult.rejected(StoreRejectCode.NOT_COMMITTED, "not looked at", 1));
        }
    }

    private abstract static class DelegatingStore implements SessionStore {
        private final SessionStore delegate;

        DelegatingStore(SessionStore delegate) {
            this.delegate = delegate;
        }

        Optional<Long> currentVersion(SessionId id) {
            return delegate.read(id).toCompletableFuture().join() instanceof ReadResult.Found found
                    ? Optional.of(found.record().version())
                    : Optional.empty();
        }

        @Override
        public SessionId newSessionId() {
            return delegate.newSessionId();
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
            return delegate.create(request);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
            return delegate.reattach(request);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
            return delegate.transition(request);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
            return delegate.terminate(request);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
            return delegate.transfer(request);
        }

        @Override
        public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
            return delegate.reconcile(id, request, node);
        }

        @Override
        public CompletionStage<ReadResult> read(SessionId id) {
            return delegate.read(id);
        }

        @Override
        public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
            return delegate.list(ownedBy, limit);
        }

        @Override
        public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
            return delegate.registerNode(node, lease);
        }

        @Override
        public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
            return delegate.renewNode(node, incarnation, lease);
        }

        @Override
        public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
            return delegate.releaseNode(node);
        }

        @Override
        public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
            return delegate.nodes();
        }

        @Override
        public Subscription watch(NodeRef self, OwnershipListener listener) {
            return delegate.watch(self, listener);
        }

        @Override
        public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
            return delegate.announceRelease(release);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
