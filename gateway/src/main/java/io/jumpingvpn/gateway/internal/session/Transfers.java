package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TransferCommit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Ownership transfers of single sessions, each the brief's freeze, commit, move owner, resume, in the session's lane:
 *
 * <ul>
 *   <li>{@link #moveAway}: a session held here goes to another live node (a migration, the end of a drain): forwarding
 *       stops first (so the new owner never needs to wait), a {@code TransferCommit} names the new owner, the agent gets
 *       a signed REDIRECT to that node's endpoint, and this node forgets the session. If the store refuses, the session
 *       resumes here;
 *   <li>{@link #redirect}: the agent of a session held here is told to reattach elsewhere, and nothing else (a drain's
 *       first step: the agent's own reattach then moves the session, with a hand-over);
 *   <li>{@link #takeOver}: a session of a dead node comes to this node (a failover); it waits here without a
 *       transport until its agent reattaches, or its transport-loss TTL ends it.
 * </ul>
 */
final class Transfers {

    private final Context context;
    private final Lanes lanes;
    private final Binder binder;
    private final Reconciler reconciler;

    Transfers(Context context, Lanes lanes, Binder binder, Reconciler reconciler) {
        this.context = requireNonNull(context, "context");
        this.lanes = requireNonNull(lanes, "lanes");
        this.binder = requireNonNull(binder, "binder");
        this.reconciler = requireNonNull(reconciler, "reconciler");
    }

    CompletionStage<TransferOutcome> moveAway(
            SessionId id,
            NodeRef target,
            Optional<ClusterMember> redirectTo,
            RedirectReason reason,
            String cause,
            Operator operator) {
        return lanes.call(id.value(), lane -> {
            var session = context.table.get(id.value());
            if (session == null || session.gone) {
                return done(new TransferOutcome.NotTransferred(id, "this node does not hold the session"));
            }
            if (target.equals(context.node())) {
                return done(new TransferOutcome.NotTransferred(id, "the session is already this node's"));
            }
            return reconciler
                    .settle(session.wireId, lane)
                    .thenComposeAsync(
                            settled -> settled
                                    ? commit(session, target, redirectTo, reason, cause, operator, lane)
                                    : done(new TransferOutcome.NotTransferred(
                                            id, "an earlier store outcome for the session is still unknown")),
                            lane);
        });
    }

    private CompletionStage<TransferOutcome> commit(
            LocalSession session,
            NodeRef target,
            Optional<ClusterMember> redirectTo,
            RedirectReason reason,
            String cause,
            Operator operator,
            Executor lane) {
        if (session.gone) {
            return done(new TransferOutcome.NotTransferred(session.id, "the session ended meanwhile"));
        }
        var self = context.node();
        // Freeze first: from here on this node forwards nothing for the session, so the new owner need not wait.
        binder.freeze(session, "moving to " + target);
        var request = context.newRequestId();
        var commit = new TransferCommit(session.id, session.ledger.confirmedVersion(), self, target, request);
        return StoreCalls.mutation(context.store.transfer(commit), context.storeTimeout)
                .thenApplyAsync(
                        result -> {
                            context.metrics.storeCall("TRANSFER", Reconciler.outcome(result));
                            return afterCommit(
                                    session, self, target, redirectTo, reason, cause, operator, result, commit);
                        },
                        lane);
    }

    private TransferOutcome afterCommit(
            LocalSession session,
            NodeRef self,
            NodeRef target,
            Optional<ClusterMember> redirectTo,
            RedirectReason reason,
            String cause,
            Operator operator,
            StoreResult<SessionRecord> result,
            TransferCommit commit) {
        switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                var record = committed.value();
                var link = session.link;
                if (link != null && redirectTo.isPresent() && link.path().isOpen()) {
                    var endpoint = redirectTo.get().endpointFor(link.path().kind());
                    Frames.send(
                            link.path(),
                            context.crypto.redirect(session.wireId, reason, ClusterMember.candidate(endpoint)),
                            context.metrics);
                }
                forget(session, "moved");
                context.history.version(self.epoch(), session.wireId, record.version());
                context.events.ownershipChange(session.wireId, record.version(), self, target, cause, operator);
                return new TransferOutcome.Transferred(session.id, target, record.version());
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                    context.events.corruptRecord(session.wireId, rejected.detail());
                }
                // Resume: still this node's (a concurrent hand-over, if that is what happened, bars the link anyway).
                binder.thaw(session);
                return new TransferOutcome.NotTransferred(
                        session.id, "the store refused: " + rejected.code() + " " + rejected.detail());
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                // Who owns it is unknown: forward nothing, settle before anything else, let the agent reattach.
                reconciler.remember(Reconciler.Kind.TRANSFER, session.id, commit.request(), self, null);
                forget(session, "transfer outcome unknown");
                return new TransferOutcome.NotTransferred(session.id, "outcome unknown: " + unknown.cause());
            }
        }
    }

    private void forget(LocalSession session, String reason) {
        binder.unbind(session, reason, context.now());
        session.gone = true;
        session.unconfirmed = null;
        context.table.remove(session);
        session.refreshView();
    }

    /**
     * Sends the session's agent a REDIRECT to the next of {@code peers} (at an endpoint of the transport it uses) over
     * its live transport; false when it has none, or no peer is left.
     */
    CompletionStage<Boolean> redirect(SessionId id, Redirector peers, RedirectReason reason) {
        return lanes.call(id.value(), lane -> {
            var session = context.table.get(id.value());
            var link = session == null || session.gone ? null : session.link;
            if (link == null || link.gate().closed() || !link.path().isOpen()) {
                return CompletableFuture.completedFuture(false);
            }
            var target = peers.next(link.path().kind());
            if (target.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            Frames.send(link.path(), context.crypto.redirect(session.wireId, reason, target.get()), context.metrics);
            return CompletableFuture.completedFuture(true);
        });
    }

    /**
     * Takes over {@code record}, a session of a node whose lease is no longer alive, at the version read: the store
     * refuses while that node's lease lives ({@code OWNERSHIP_CONFLICT}) or if the session moved since.
     */
    CompletionStage<TransferOutcome> takeOver(SessionRecord record, String cause, Operator operator) {
        var id = record.id();
        if (record.state() == SessionState.TERMINATED) {
            return done(new TransferOutcome.NotTransferred(id, "the session is terminated"));
        }
        return lanes.call(id.value(), lane -> {
            var self = context.node();
            var request = context.newRequestId();
            var commit = new TransferCommit(id, record.version(), self, self, request);
            return StoreCalls.mutation(context.store.transfer(commit), context.storeTimeout)
                    .thenApplyAsync(
                            result -> {
                                context.metrics.storeCall("TRANSFER", Reconciler.outcome(result));
                                return takenOver(record, self, result, commit, cause, operator);
                            },
                            lane);
        });
    }

    private TransferOutcome takenOver(
            SessionRecord before,
            NodeRef self,
            StoreResult<SessionRecord> result,
            TransferCommit commit,
            String cause,
            Operator operator) {
        var id = before.id();
        return switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                var record = committed.value();
                reconciler.holdTransportless(
                        record, context.table.get(id.value()), "taken over from " + before.owner());
                context.events.ownershipChange(id.value(), record.version(), before.owner(), self, cause, operator);
                yield new TransferOutcome.Transferred(id, self, record.version());
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                    context.events.corruptRecord(id.value(), rejected.detail());
                }
                yield new TransferOutcome.NotTransferred(
                        id, "the store refused: " + rejected.code() + " " + rejected.detail());
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                reconciler.remember(Reconciler.Kind.TRANSFER, id, commit.request(), self, null);
                yield new TransferOutcome.NotTransferred(id, "outcome unknown: " + unknown.cause());
            }
        };
    }

    private static CompletionStage<TransferOutcome> done(TransferOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
