package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.ImportSession;
import io.jumpingvpn.store.LocalSessionStore;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Sticky routing's hand-over of one session between two nodes' own stores, in the session's lane on each side:
 *
 * <ul>
 *   <li>{@link #handOff} (the old owner): freeze (nothing is forwarded from here on), read the record, have the target
 *       import it, then REDIRECT the agent there (reason {@code NOT_OWNER}), evict the record and forget the session.
 *       A target that refused: the session resumes here. No answer (after the importer's own retries): the session
 *       stays here frozen, so that it is never forwarded by two nodes; its agent's next reattach settles where it
 *       lives;
 *   <li>{@link #accept} (the new owner): the record is stored here owned by this node at the same version and held
 *       without a transport, like a session taken over in a failover: only its agent's reattach binds it, and its
 *       transport-loss TTL ends it if the agent never comes.
 * </ul>
 */
final class Handoffs {

    private final Context context;
    private final Lanes lanes;
    private final Binder binder;
    private final Reconciler reconciler;
    private final LocalSessionStore local;

    Handoffs(Context context, Lanes lanes, Binder binder, Reconciler reconciler, LocalSessionStore local) {
        this.context = requireNonNull(context, "context");
        this.lanes = requireNonNull(lanes, "lanes");
        this.binder = requireNonNull(binder, "binder");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        this.local = requireNonNull(local, "local");
    }

    CompletionStage<TransferOutcome> handOff(
            SessionId id,
            ClusterMember target,
            BiFunction<ClusterMember, SessionHandoff, CompletionStage<ImportOutcome>> importer,
            Operator operator) {
        return lanes.call(id.value(), lane -> {
            var session = context.table.get(id.value());
            if (session == null || session.gone) {
                return done(new TransferOutcome.NotTransferred(id, "this node does not hold the session"));
            }
            return reconciler
                    .settle(session.wireId, lane)
                    .thenComposeAsync(
                            settled -> settled
                                    ? export(session, target, importer, operator, lane)
                                    : done(new TransferOutcome.NotTransferred(
                                            id, "an earlier store outcome for the session is still unknown")),
                            lane);
        });
    }

    private CompletionStage<TransferOutcome> export(
            LocalSession session,
            ClusterMember target,
            BiFunction<ClusterMember, SessionHandoff, CompletionStage<ImportOutcome>> importer,
            Operator operator,
            Executor lane) {
        if (session.gone) {
            return done(new TransferOutcome.NotTransferred(session.id, "the session ended meanwhile"));
        }
        var self = context.node();
        // Freeze first: the target binds the session only once the agent reattaches there, and by then nothing here
        // forwards for it.
        binder.freeze(session, "moving to " + target.node());
        return StoreCalls.read(context.store.read(session.id), context.storeTimeout)
                .thenComposeAsync(
                        read -> {
                            if (!(read instanceof ReadResult.Found found)
                                    || !found.record().owner().equals(self)) {
                                binder.thaw(session);
                                return done(new TransferOutcome.NotTransferred(
                                        session.id, "the record here cannot be handed over: " + read));
                            }
                            var record = found.record();
                            SessionHandoff handoff;
                            try {
                                handoff = SessionHandoff.of(record, found.storeNowMs(), self, context.newRequestId());
                            } catch (IllegalArgumentException e) {
                                binder.thaw(session);
                                return done(new TransferOutcome.NotTransferred(session.id, e.getMessage()));
                            }
                            return importer.apply(target, handoff)
                                    .thenComposeAsync(
                                            outcome -> afterImport(session, target, record, self, outcome, operator),
                                            lane);
                        },
                        lane);
    }

    private CompletionStage<TransferOutcome> afterImport(
            LocalSession session,
            ClusterMember target,
            SessionRecord record,
            NodeRef self,
            ImportOutcome outcome,
            Operator operator) {
        switch (outcome) {
            case ImportOutcome.Imported imported -> {
                var link = session.link;
                if (link != null && link.path().isOpen()) {
                    var endpoint = target.endpointFor(link.path().kind());
                    Frames.send(
                            link.path(),
                            context.crypto.redirect(
                                    session.wireId, RedirectReason.NOT_OWNER, ClusterMember.candidate(endpoint)),
                            context.metrics);
                }
                forget(session, "moved to " + imported.owner());
                context.events.ownershipChange(
                        session.wireId, record.version(), self, imported.owner(), "MIGRATE", operator);
                return StoreCalls.mutation(local.evict(session.id, record.version(), self), context.storeTimeout)
                        .thenApply(evicted -> {
                            context.metrics.storeCall("EVICT", Reconciler.outcome(evicted));
                            return (TransferOutcome)
                                    new TransferOutcome.Transferred(session.id, imported.owner(), imported.version());
                        });
            }
            case ImportOutcome.Refused refused -> {
                binder.thaw(session);
                return done(new TransferOutcome.NotTransferred(
                        session.id, "node " + target.node() + " refused it: " + refused.reason()));
            }
            case ImportOutcome.Unknown unknown -> {
                return done(new TransferOutcome.NotTransferred(
                        session.id,
                        "no answer from " + target.node() + " (" + unknown.cause()
                                + "); the session stays here, frozen, until its agent reattaches"));
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

    CompletionStage<ImportOutcome> accept(SessionHandoff handoff) {
        var id = handoff.id();
        return lanes.call(id.value(), lane -> {
            var held = context.table.get(id.value());
            if (held != null && !held.gone) {
                return done(new ImportOutcome.Refused(id, "this node holds the session already"));
            }
            if (context.table.size() >= context.config.maxSessions()) {
                return done(new ImportOutcome.Refused(id, "this node holds its maximum of sessions"));
            }
            if (!context.lease.proven()) {
                return done(new ImportOutcome.Refused(id, "this node cannot prove its lease"));
            }
            var self = context.node();
            ImportSession request;
            try {
                request = new ImportSession(
                        id,
                        handoff.agentKey(),
                        handoff.state(),
                        handoff.version(),
                        handoff.baseVersion(),
                        handoff.lastNonce(),
                        handoff.binding(),
                        handoff.policyRef(),
                        handoff.age(),
                        handoff.remainingLifetime(),
                        self,
                        handoff.from(),
                        handoff.request());
            } catch (IllegalArgumentException e) {
                return done(new ImportOutcome.Refused(id, e.getMessage()));
            }
            return StoreCalls.mutation(local.importSession(request), context.storeTimeout)
                    .thenApplyAsync(result -> imported(handoff, result), lane);
        });
    }

    private ImportOutcome imported(SessionHandoff handoff, StoreResult<SessionRecord> result) {
        var id = handoff.id();
        context.metrics.storeCall("IMPORT", Reconciler.outcome(result));
        return switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                var record = committed.value();
                reconciler.holdTransportless(record, null, "imported from " + handoff.from());
                yield new ImportOutcome.Imported(id, record.owner(), record.version());
            }
            case StoreResult.Rejected<SessionRecord> rejected ->
                new ImportOutcome.Refused(id, rejected.code() + " " + rejected.detail());
            case StoreResult.Unknown<SessionRecord> unknown -> new ImportOutcome.Unknown(id, unknown.cause());
        };
    }

    private static <T> CompletionStage<T> done(T outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
