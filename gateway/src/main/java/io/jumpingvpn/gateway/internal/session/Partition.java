package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition policy (docs/cluster.md, "Fail closed"): what happens to the sessions once the node can no longer prove
 * its lease, and once it can again.
 *
 * <ul>
 *   <li>{@code deny}: when the proof lapses every session is frozen (its link barred, {@code unbind} written); when it
 *       comes back at the same epoch they are thawed (the renewal that brought it back first handed out the sessions
 *       taken meanwhile, which stay barred). When the store said the lease itself lapsed, the gates are frozen at once,
 *       on the lease thread, before the node registers a new epoch, and every session of the lost epoch is then
 *       reclaimed with a transfer from the old epoch to the new one at the version this node held: resumed if the
 *       transfer commits (nobody took it over), forgotten otherwise;
 *   <li>{@code terminate}: when the proof lapses (or the lease is lost) every session is terminated at once, its agent
 *       told {@code OWNERSHIP_UNPROVEN}; the terminations are recorded in the store, with operator authority, once the
 *       node can prove a lease again.
 * </ul>
 *
 * The store losing its state ({@code STORE_STATE_LOST}) terminates everything whatever the policy.
 */
final class Partition {

    private static final Logger log = LoggerFactory.getLogger(Partition.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    /** A termination told to the agent while the store could not be reached, still to be recorded there. */
    private record Unrecorded(SessionId id, long expectedVersion, int transitions) {}

    private final Context context;
    private final Lanes lanes;
    private final Binder binder;
    private final Terminator terminator;
    private final Reconciler reconciler;
    private final Detector detector;
    private final PartitionPolicy policy;
    private final ConcurrentHashMap<String, Unrecorded> unrecorded = new ConcurrentHashMap<>();
    private volatile boolean wasProven = true;
    private volatile long nextRetryNanos;

    Partition(
            Context context,
            Lanes lanes,
            Binder binder,
            Terminator terminator,
            Reconciler reconciler,
            Detector detector) {
        this.context = requireNonNull(context, "context");
        this.lanes = requireNonNull(lanes, "lanes");
        this.binder = requireNonNull(binder, "binder");
        this.terminator = requireNonNull(terminator, "terminator");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        this.detector = requireNonNull(detector, "detector");
        this.policy = context.config.cluster().partitionPolicy();
    }

    /** From the sweeper: notices the proof lapsing and coming back, retries what is still to be done. */
    void tick(long nowNanos) {
        boolean proven = context.lease.proven();
        if (wasProven && !proven) {
            wasProven = false;
            lapsed();
        } else if (!wasProven && proven) {
            wasProven = true;
            proofReturned();
        }
        if (proven && nowNanos - nextRetryNanos >= 0) {
            nextRetryNanos = nowNanos + RETRY_NANOS;
            retry();
        }
    }

    private void lapsed() {
        log.warn(
                "node {} cannot prove its lease: {} sessions {}",
                context.node(),
                context.table.size(),
                policy == PartitionPolicy.DENY ? "frozen" : "terminated (OWNERSHIP_UNPROVEN)");
        for (var session : context.table.snapshot()) {
            lanes.submit(
                    session.wireId,
                    lane -> policy == PartitionPolicy.DENY ? freeze(session) : terminateUnproven(session, lane));
        }
    }

    private void proofReturned() {
        if (policy == PartitionPolicy.DENY) {
            for (var session : context.table.snapshot()) {
                lanes.submit(session.wireId, lane -> thaw(session));
            }
        }
        retry();
    }

    /**
     * The store says the lease of {@code lost} lapsed (or was superseded): nothing of that epoch may forward again
     * until reclaimed ({@code deny}), or it all ends now ({@code terminate}). Runs on the lease thread, before the node
     * registers again: the gates are barred here and now, not in the lanes, because the new registration's proof must
     * not find any of them open.
     */
    void leaseLost(NodeRef lost) {
        if (policy == PartitionPolicy.TERMINATE) {
            for (var session : context.table.snapshot()) {
                lanes.submit(session.wireId, lane -> terminateUnproven(session, lane));
            }
            return;
        }
        context.loseEpoch(lost);
        for (var session : context.table.snapshot()) {
            var link = session.link;
            if (link != null) {
                link.gate()
                        .freeze(() ->
                                context.history.unbind(lost.epoch(), session.wireId, link.version(), "lease-lost"));
            }
            lanes.submit(session.wireId, lane -> freeze(session));
        }
    }

    /** The node holds a registration again: reclaim what the lost epochs held, record unrecorded terminations. */
    void registered(NodeRef current) {
        retry();
    }

    private void retry() {
        for (var session : context.table.snapshot()) {
            if (session.viewOwner != null && context.lostEpoch(session.viewOwner)) {
                lanes.submit(session.wireId, lane -> reclaim(session, lane));
            }
        }
        for (var entry : unrecorded.values()) {
            lanes.submit(entry.id().value(), lane -> record(entry, lane));
        }
    }

    private CompletionStage<?> freeze(LocalSession session) {
        if (session.gone) {
            return ControlPlane.done();
        }
        session.frozenByPartition = true;
        binder.freeze(session, "lease-lost");
        return ControlPlane.done();
    }

    private CompletionStage<?> thaw(LocalSession session) {
        if (session.gone
                || !session.frozenByPartition
                || !context.lease.proven()
                || (session.owner != null && context.lostEpoch(session.owner))) {
            return ControlPlane.done();
        }
        session.frozenByPartition = false;
        binder.thaw(session);
        return ControlPlane.done();
    }

    private CompletionStage<?> terminateUnproven(LocalSession session, Executor lane) {
        if (session.gone || session.ledger == null || session.ledger.isTerminated()) {
            return ControlPlane.done();
        }
        long expected = session.ledger.confirmedVersion();
        int transitions = Math.min(
                TerminateCommit.MAX_TRANSITIONS, session.ledger.pending().size() + 1);
        unrecorded.put(session.wireId, new Unrecorded(session.id, expected, transitions));
        return terminator.terminate(session, SessionEvent.OWNERSHIP_UNPROVABLE, Terminator.Mode.LOCAL_ONLY, lane);
    }

    /**
     * Records a termination the agent was told while the store could not be reached: operator authority (the epoch
     * that owned it may be gone), at the version the node held. If the record moved on since, somebody else holds the
     * session and it is not ours to end.
     */
    private CompletionStage<?> record(Unrecorded entry, Executor lane) {
        if (!context.lease.proven() || !unrecorded.containsKey(entry.id().value())) {
            return ControlPlane.done();
        }
        return Lanes.then(
                StoreCalls.read(context.store.read(entry.id()), context.storeTimeout),
                read -> {
                    if (read instanceof ReadResult.Unavailable) {
                        return ControlPlane.done(); // next retry
                    }
                    if (!(read instanceof ReadResult.Found found)
                            || found.record().state() == SessionState.TERMINATED
                            || found.record().version() != entry.expectedVersion()) {
                        unrecorded.remove(entry.id().value(), entry);
                        return ControlPlane.done();
                    }
                    var commit = new TerminateCommit(
                                    entry.id(),
                                    entry.expectedVersion(),
                                    context.node(),
                                    TerminationCode.OWNERSHIP_UNPROVEN.name(),
                                    TerminateCommit.Authority.OPERATOR,
                                    context.newRequestId())
                            .withTransitions(entry.transitions());
                    return StoreCalls.mutation(context.store.terminate(commit), context.storeTimeout)
                            .thenAccept(result -> {
                                context.metrics.storeCall("TERMINATE", Reconciler.outcome(result));
                                if (!(result instanceof StoreResult.Unknown<SessionRecord>)) {
                                    unrecorded.remove(entry.id().value(), entry);
                                }
                            });
                },
                lane);
    }

    /**
     * Takes a session of a lost epoch back under the current one, if nobody took it meanwhile: the record is read
     * first (so that a transfer whose answer was lost is recognised), then a transfer from the lost epoch to the
     * current one at the version this node held. The store refuses it if anyone committed since.
     */
    private CompletionStage<?> reclaim(LocalSession session, Executor lane) {
        var lost = session.owner;
        if (session.gone || lost == null || !context.lostEpoch(lost) || !context.lease.proven()) {
            return ControlPlane.done();
        }
        return Lanes.then(
                reconciler.settle(session.wireId, lane),
                settled -> !settled
                        ? ControlPlane.done()
                        : StoreCalls.read(context.store.read(session.id), context.storeTimeout)
                                .thenComposeAsync(read -> reclaimRead(session, lost, read, lane), lane),
                lane);
    }

    private CompletionStage<?> reclaimRead(LocalSession session, NodeRef lost, ReadResult read, Executor lane) {
        if (session.gone || !lost.equals(session.owner)) {
            return ControlPlane.done();
        }
        var current = context.node();
        switch (read) {
            case ReadResult.Unavailable unavailable -> {
                return ControlPlane.done(); // next retry
            }
            case ReadResult.Found found
            when found.record().owner().equals(current) -> {
                resumed(session, lost, found.record());
                return ControlPlane.done();
            }
            case ReadResult.Found found
            when found.record().owner().equals(lost)
                    && found.record().version() == session.ledger.confirmedVersion()
                    && found.record().state() != SessionState.TERMINATED -> {
                var request = context.newRequestId();
                var commit = new TransferCommit(session.id, found.record().version(), current, current, request);
                return StoreCalls.mutation(context.store.transfer(commit), context.storeTimeout)
                        .thenAcceptAsync(
                                result -> {
                                    context.metrics.storeCall("TRANSFER", Reconciler.outcome(result));
                                    reclaimed(session, lost, result, commit);
                                },
                                lane);
            }
            default -> {
                if (read instanceof ReadResult.Corrupt corrupt) {
                    context.events.corruptRecord(session.wireId, corrupt.detail());
                }
                takenOver(session, "nobody may resume it here: " + describe(read));
                return ControlPlane.done();
            }
        }
    }

    private void reclaimed(
            LocalSession session, NodeRef lost, StoreResult<SessionRecord> result, TransferCommit commit) {
        if (session.gone) {
            return;
        }
        switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> resumed(session, lost, committed.value());
            case StoreResult.Rejected<SessionRecord> rejected -> {
                if (rejected.code() == StoreRejectCode.STORE_UNAVAILABLE
                        || rejected.code() == StoreRejectCode.LEASE_EXPIRED) {
                    return; // next retry
                }
                if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                    context.events.corruptRecord(session.wireId, rejected.detail());
                }
                takenOver(session, "the reclaim was refused: " + rejected.code() + " " + rejected.detail());
            }
            case StoreResult.Unknown<SessionRecord> unknown ->
                reconciler.remember(Reconciler.Kind.TRANSFER, session.id, commit.request(), commit.committer(), null);
        }
    }

    /** Nobody took the session over while the node was cut off: it is this epoch's now, and forwards again. */
    private void resumed(LocalSession session, NodeRef lost, SessionRecord record) {
        session.owner = record.owner();
        if (record.version() > session.ledger.confirmedVersion()) {
            session.ledger.adoptVersion(record.version());
        }
        var unconfirmed = session.unconfirmed;
        if (unconfirmed != null && unconfirmed.version() < record.version()) {
            // The reclaim committed above a transition the agent has not confirmed yet. Heartbeat answers now carry the
            // reclaim's version; the old commit re-sent at its own version would read to the agent as a regression
            // (the store losing writes) and end the session. The state is the same at both versions (a transfer keeps
            // it), so the agent is told the transition at the version the store holds now, at once.
            session.unconfirmed =
                    Transition.committed(unconfirmed.from(), unconfirmed.event(), unconfirmed.to(), record.version());
            session.unconfirmedSentNanos =
                    context.now() - context.policy.heartbeatInterval().toNanos();
        }
        session.frozenByPartition = false;
        context.history.version(record.owner().epoch(), session.wireId, record.version());
        context.events.ownershipChange(session.wireId, record.version(), lost, record.owner(), "RECLAIM");
        binder.thaw(session);
        session.refreshView();
        detector.reschedule(session);
        log.info("session {} reclaimed by {} at v{}", session.wireId, record.owner(), record.version());
    }

    /** Someone else holds the session now (or it ended): this node forgets it without a word to the agent. */
    private void takenOver(LocalSession session, String why) {
        log.info("session {}: not resumed after the partition: {}", session.wireId, why);
        binder.unbind(session, "taken over while partitioned", context.now());
        session.gone = true;
        session.unconfirmed = null;
        context.table.remove(session);
        session.refreshView();
    }

    private static String describe(ReadResult read) {
        return switch (read) {
            case ReadResult.Found found ->
                "owner " + found.record().owner() + ", " + found.record().state() + " at v"
                        + found.record().version();
            case ReadResult.Absent absent -> "the record is gone";
            case ReadResult.Corrupt corrupt -> "the record is corrupt: " + corrupt.detail();
            case ReadResult.Unavailable unavailable -> "the store is unavailable";
        };
    }

    /** Terminations told to agents but not yet recorded in the store. */
    int unrecorded() {
        return unrecorded.size();
    }
}
