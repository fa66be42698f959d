package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.TerminateCommit.Authority.OPERATOR;
import static io.jumpingvpn.store.TerminateCommit.Authority.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.SessionState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hand-overs: what a commit that takes a session away from its owner records ({@code previousOwner},
 * {@code handoverUntilMs}), how later commits carry a hand-over that still runs, and the notice the displaced node at
 * its epoch receives, exactly once, with its next lease renewal. Terminations that commit pending transitions. Prompt
 * delivery ({@code watch}) is in {@link OwnershipWatchContract}.
 */
public abstract class HandoverContract extends ContractSupport {

    /** How far apart two lease slots may read the same registration's expiry (Cluster: several servers' TIME). */
    private static final long SLOT_SKEW_MS = 2_000;

    @Test
    void aReattachByTheOwnerItselfRecordsNoPreviousOwner() {
        var a = register("a", LONG_LEASE);
        var session = createSession(a.node());

        var after = committed(await(store.reattach(reattachOf(session, a.node()))));

        assertThat(after.previousOwner()).isEmpty();
        assertThat(after.handoverUntilMs()).isZero();
        assertThat(session.previousOwner()).isEmpty();
        assertThat(session.handoverUntilMs()).isZero();
        assertThat(renew(a).handovers()).isEmpty();
    }

    @Test
    void aReattachAtAnotherNodeNamesThePreviousOwnerAndTheEndOfItsLease() {
        var a = register("a", LONG_LEASE);
        var b = node("b");
        var session = createSession(a.node());

        var after = committed(await(store.reattach(reattachOf(session, b))));

        assertThat(after.owner()).isEqualTo(b);
        assertThat(after.previousOwner()).hasValue(a.node());
        assertThat(after.handoverUntilMs()).isGreaterThan(after.updatedAtMs());
        assertThat(after.handoverUntilMs()).isCloseTo(a.expiresAtMs(), within(SLOT_SKEW_MS));
        assertThat(stored(session.id())).isEqualTo(after);
    }

    @Test
    void thereIsNothingToWaitForWhenThePreviousOwnersLeaseLapsedWasReleasedOrSuperseded() {
        var lapsed = node("lapsed");
        var released = node("released");
        var superseded = node("superseded");
        var b = node("b");
        var fromLapsed = createSession(lapsed);
        var fromReleased = createSession(released);
        var fromSuperseded = createSession(superseded);
        lapse(lapsed);
        committed(await(store.releaseNode(released)));
        node("superseded");

        for (var session : List.of(fromLapsed, fromReleased, fromSuperseded)) {
            var after = committed(await(store.reattach(reattachOf(session, b))));
            assertThat(after.previousOwner()).as("previous owner").hasValue(session.owner());
            assertThat(after.handoverUntilMs()).as("hand-over deadline").isZero();
        }
    }

    @Test
    void aReattachAtAnotherEpochOfTheSameNodeIsAnOwnerChange() {
        var before = node("a");
        var session = createSession(before);
        var after = node("a");

        var moved = committed(await(store.reattach(reattachOf(session, after))));

        assertThat(moved.previousOwner()).hasValue(before);
        assertThat(moved.handoverUntilMs()).as("the old epoch was superseded").isZero();
    }

    @Test
    void aTransferByTheOwnerOrAFailoverNamesThePreviousOwnerWithNothingToWaitFor() {
        var a = register("a", LONG_LEASE);
        var b = node("b");
        var c = node("c");
        var migrated = createSession(a.node());
        var failedOver = createSession(b);

        var afterMigration = committed(await(store.transfer(transferOf(migrated, a.node(), b))));
        lapse(b);
        var afterFailover = committed(await(store.transfer(transferOf(failedOver, c, c))));

        // The owner froze the session before it committed the migration: it is its own release.
        assertThat(afterMigration.previousOwner()).hasValue(a.node());
        assertThat(afterMigration.handoverUntilMs()).isZero();
        assertThat(afterFailover.previousOwner()).hasValue(b);
        assertThat(afterFailover.handoverUntilMs()).isZero();
    }

    @Test
    void aRunningHandOverIsCarriedByTheCommitsThatKeepTheOwnerAndEndedByATermination() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var moved = committed(await(store.reattach(reattachOf(session, b))));
        assertThat(moved.previousOwner()).hasValue(a);

        // A rebinding at the new owner during its hold: a may still forward, so the hold must go on.
        var rebound = committed(await(store.reattach(reattachOf(moved, b))));
        assertThat(rebound.previousOwner()).hasValue(a);
        assertThat(rebound.handoverUntilMs()).isEqualTo(moved.handoverUntilMs());
        var transitioned = committed(await(store.transition(transitionOf(rebound, SessionState.VOLATILE))));
        assertThat(transitioned.previousOwner()).hasValue(a);
        assertThat(transitioned.handoverUntilMs()).isEqualTo(moved.handoverUntilMs());

        var terminated = committed(await(store.terminate(terminateOf(transitioned, b, OWNER))));
        assertThat(terminated.previousOwner()).isEmpty();
        assertThat(terminated.handoverUntilMs()).isZero();
    }

    @Test
    void aHandOverThatRanOutIsNotCarried() {
        var a = register("a", SHORT_LEASE);
        var b = node("b");
        var c = node("c");
        var session = createSession(a.node());
        var moved = committed(await(store.reattach(reattachOf(session, b))));
        assertThat(moved.handoverUntilMs()).isPositive();
        elapse(PAST_SHORT);

        var rebound = committed(await(store.reattach(reattachOf(moved, b))));
        assertThat(rebound.previousOwner()).isEmpty();
        assertThat(rebound.handoverUntilMs()).isZero();

        var taken = committed(await(store.reattach(reattachOf(rebound, c))));
        assertThat(taken.previousOwner()).hasValue(b);
        assertThat(taken.handoverUntilMs()).isGreaterThan(taken.updatedAtMs());
    }

    @Test
    void aTakeOverDuringARunningHandOverWaitsForTheLaterEndAndNamesNobody() {
        var a = register("a", LONG_LEASE);
        var b = register("b", SHORT_LEASE);
        var c = node("c");
        var chain = createSession(a.node());
        var back = createSession(a.node());

        // b holds for a until a's lease ends; b's own lease would end much sooner: c must wait for a, whose release to
        // b says nothing to c, and for b, whose release says nothing of a.
        var toB = committed(await(store.reattach(reattachOf(chain, b.node()))));
        var toC = committed(await(store.reattach(reattachOf(toB, c))));
        assertThat(toC.previousOwner()).isEmpty();
        assertThat(toC.handoverUntilMs()).isGreaterThanOrEqualTo(toB.handoverUntilMs());
        assertThat(toC.handoverUntilMs()).isCloseTo(a.expiresAtMs(), within(SLOT_SKEW_MS));

        // Back to the first owner while the second may still forward: a waits as well, and a is never named.
        var backToB = committed(await(store.reattach(reattachOf(back, b.node()))));
        var backToA = committed(await(store.reattach(reattachOf(backToB, a.node()))));
        assertThat(backToA.owner()).isEqualTo(a.node());
        assertThat(backToA.previousOwner()).isEmpty();
        assertThat(backToA.handoverUntilMs()).isGreaterThanOrEqualTo(backToB.handoverUntilMs());
    }

    @Test
    void aMigrationDuringARunningHandOverStillWaitsForItButNotForTheMigratingOwner() {
        var a = register("a", LONG_LEASE);
        var b = register("b", SHORT_LEASE);
        var c = node("c");
        var session = createSession(a.node());
        var toB = committed(await(store.reattach(reattachOf(session, b.node()))));

        var migrated = committed(await(store.transfer(transferOf(toB, b.node(), c))));

        assertThat(migrated.previousOwner()).isEmpty();
        assertThat(migrated.handoverUntilMs()).isGreaterThanOrEqualTo(toB.handoverUntilMs());
    }

    @Test
    void theDisplacedNodeReceivesEachHandoverExactlyOnceWithItsNextRenewal() {
        var a = register("a", LONG_LEASE);
        var b = register("b", LONG_LEASE);
        var c = register("c", LONG_LEASE);
        var reattached = createSession(a.node());
        var transferred = createSession(a.node());
        var untouched = createSession(a.node());

        var afterReattach = committed(await(store.reattach(reattachOf(reattached, b.node()))));
        var afterTransfer = committed(await(store.transfer(transferOf(transferred, a.node(), c.node()))));

        assertThat(renew(a).handovers())
                .containsExactlyInAnyOrder(
                        new Handover(
                                reattached.id(),
                                afterReattach.version(),
                                a.node(),
                                Optional.of(b.node()),
                                CommitKind.REATTACH),
                        new Handover(
                                transferred.id(),
                                afterTransfer.version(),
                                a.node(),
                                Optional.of(c.node()),
                                CommitKind.TRANSFER));
        assertThat(renew(a).handovers()).as("the second renewal").isEmpty();
        assertThat(renew(b).handovers()).as("the new owner's renewal").isEmpty();
        assertThat(renew(c).handovers()).as("another node's renewal").isEmpty();
        assertThat(stored(untouched.id()).owner()).isEqualTo(a.node());
    }

    @Test
    void aRenewalCarriesTheLatestHandoverOfASessionTakenAgainBeforeIt() {
        var a = register("a", LONG_LEASE);
        var b = node("b");
        var c = node("c");
        var session = createSession(a.node());
        var toB = committed(await(store.reattach(reattachOf(session, b))));
        var backToA = committed(await(store.transfer(transferOf(toB, b, a.node()))));
        var toC = committed(await(store.reattach(reattachOf(backToA, c))));

        assertThat(renew(a).handovers())
                .containsExactly(
                        new Handover(session.id(), toC.version(), a.node(), Optional.of(c), CommitKind.REATTACH));
    }

    @Test
    void handoversWaitForTheRenewalWhileNobodyWatchesAndTimePasses() {
        var a = register("a", LONG_LEASE);
        var b = node("b");
        var session = createSession(a.node());
        var moved = committed(await(store.reattach(reattachOf(session, b))));

        elapse(SHORT_LEASE);

        assertThat(renew(a).handovers())
                .containsExactly(
                        new Handover(session.id(), moved.version(), a.node(), Optional.of(b), CommitKind.REATTACH));
    }

    @Test
    void handoversGoToTheDisplacedEpochOnly() {
        var old = node("a");
        var sessionOfOld = createSession(old);
        var current = register("a", LONG_LEASE);
        var sessionOfCurrent = createSession(current.node());
        var b = node("b");

        committed(await(store.reattach(reattachOf(sessionOfOld, b))));
        var moved = committed(await(store.reattach(reattachOf(sessionOfCurrent, b))));

        assertThat(renew(current).handovers())
                .containsExactly(new Handover(
                        sessionOfCurrent.id(), moved.version(), current.node(), Optional.of(b), CommitKind.REATTACH));
    }

    @Test
    void anOperatorTerminationByAnotherNodeDisplacesTheOwnerTheOwnersOwnTerminationDoesNot() {
        var a = register("a", LONG_LEASE);
        var operatorLease = register("operator", LONG_LEASE);
        var operator = operatorLease.node();
        var byOperator = createSession(a.node());
        var byOwner = createSession(a.node());
        var byOwnerAsOperator = createSession(a.node());

        var terminated = committed(await(store.terminate(terminateOf(byOperator, operator, OPERATOR))));
        committed(await(store.terminate(terminateOf(byOwner, a.node(), OWNER))));
        committed(await(store.terminate(terminateOf(byOwnerAsOperator, a.node(), OPERATOR))));

        assertThat(terminated.previousOwner()).isEmpty();
        assertThat(renew(a).handovers())
                .containsExactly(new Handover(
                        byOperator.id(), terminated.version(), a.node(), Optional.empty(), CommitKind.TERMINATE));
        assertThat(renew(operatorLease).handovers()).isEmpty();
    }

    @Test
    void aDisplacedOwnerWhoseLeaseLapsedGetsNoNotice() {
        var a = register("a", SHORT_LEASE);
        var b = node("b");
        var session = createSession(a.node());
        elapse(PAST_SHORT);

        var moved = committed(await(store.reattach(reattachOf(session, b))));

        assertThat(moved.handoverUntilMs()).isZero();
        rejected(await(store.renewNode(a.node(), a.incarnation(), LONG_LEASE)), LEASE_EXPIRED);
    }

    @Test
    void aTerminationAdvancesTheVersionByTheTransitionsItCommits() {
        var a = node("a");
        var session = createSession(a);
        var terminate = terminateOf(session, a, OWNER).withTransitions(3);

        var terminated = committed(await(store.terminate(terminate)));

        assertThat(terminated.version()).isEqualTo(session.version() + 3);
        assertThat(terminated.baseVersion()).isEqualTo(session.version());
        assertThat(terminated.state()).isEqualTo(SessionState.TERMINATED);
        assertThat(terminated.outcomeOf(terminate.request()))
                .hasValueSatisfying(outcome -> assertThat(outcome.version()).isEqualTo(terminated.version()));
        assertThat(retried(await(store.terminate(terminate)))).isEqualTo(terminated);
    }

    @Test
    void aTerminationWithPendingTransitionsStillComparesOnVersion() {
        var a = node("a");
        var b = node("b");
        var v1 = createSession(a);
        var v3 = committed(await(store.reattach(reattachOf(v1, b))));

        refusedUnchanged(
                v1.id(),
                OWNERSHIP_CONFLICT,
                () -> store.terminate(terminateOf(v1, a, OPERATOR).withTransitions(4)));
        var terminated =
                committed(await(store.terminate(terminateOf(v3, b, OWNER).withTransitions(8))));
        assertThat(terminated.version()).isEqualTo(v3.version() + 8);
    }

    private LeaseRenewal renew(NodeLease lease) {
        return committed(await(store.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)));
    }
}
