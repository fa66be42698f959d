package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles store mutations whose outcome was unknown. The caller of the unknown mutation told its client it failed and
 * bound nothing; the request is remembered here, and {@link #settle} runs {@code store.reconcile} before any further
 * mutation of that session (every mutating lane task calls it first), and from the sweeper until it is settled. The
 * store either shows the request committed (then the node brings itself in line with it) or fences it so that it can
 * never commit later. At most one unsettled request per session: nothing else mutates it until this one is settled.
 */
final class Reconciler {

    enum Kind {
        CREATE,
        REATTACH,
        TRANSITION,
        TERMINATE,
        TRANSFER
    }

    private record Unsettled(
            Kind kind, SessionId id, RequestId request, NodeRef node, Transition proposal, long nextAttemptNanos) {
        Unsettled retryAt(long nanos) {
            return new Unsettled(kind, id, request, node, proposal, nanos);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Context context;
    private final Binder binder;
    private final ConcurrentHashMap<String, Unsettled> unsettled = new ConcurrentHashMap<>();

    Reconciler(Context context, Binder binder) {
        this.context = requireNonNull(context, "context");
        this.binder = requireNonNull(binder, "binder");
    }

    /** Remembers a mutation whose outcome is unknown. {@code proposal} only for a transition. */
    void remember(Kind kind, SessionId id, RequestId request, NodeRef node, Transition proposal) {
        context.metrics.storeCall(kind.name(), "UNKNOWN");
        unsettled.put(id.value(), new Unsettled(kind, id, request, node, proposal, context.now()));
    }

    boolean isUnsettled(String wireId) {
        return unsettled.containsKey(wireId);
    }

    /** Sessions whose settlement should be tried again now (for the sweeper). */
    List<String> due(long nowNanos) {
        var out = new ArrayList<String>();
        // Claimed attempts move the entry's time past the store timeout, so a slow store is not asked again and again.
        long claimedUntil = nowNanos
                + context.storeTimeout.toNanos()
                + context.policy.heartbeatInterval().toNanos();
        for (var id : unsettled.keySet()) {
            unsettled.computeIfPresent(id, (key, entry) -> {
                if (nowNanos - entry.nextAttemptNanos() < 0) {
                    return entry;
                }
                out.add(key);
                return entry.retryAt(claimedUntil);
            });
        }
        return out;
    }

    /**
     * Settles the session's unknown request, if any. Completes on {@code lane} with true when nothing is unsettled any
     * more; false when the store still could not say (the caller must not mutate the session now).
     */
    CompletionStage<Boolean> settle(String wireId, Executor lane) {
        var entry = unsettled.get(wireId);
        if (entry == null) {
            return CompletableFuture.completedFuture(true);
        }
        return StoreCalls.mutation(
                        context.store.reconcile(entry.id(), entry.request(), entry.node()), context.storeTimeout)
                .thenComposeAsync(result -> onReconciled(entry, result, lane), lane);
    }

    private CompletionStage<Boolean> onReconciled(Unsettled entry, StoreResult<SessionRecord> result, Executor lane) {
        switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                unsettled.remove(entry.id().value());
                context.metrics.storeCall("RECONCILE", "COMMITTED");
                log.info("session {}: the {} whose outcome was unknown did commit", entry.id(), entry.kind());
                return adopt(entry, committed.value(), lane).thenApply(ignored -> true);
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                var code = rejected.code();
                if (code == StoreRejectCode.NOT_COMMITTED || code == StoreRejectCode.SESSION_NOT_FOUND) {
                    unsettled.remove(entry.id().value());
                    context.metrics.storeCall("RECONCILE", code.name());
                    return CompletableFuture.completedFuture(true);
                }
                return retryLater(entry, code.name() + " " + rejected.detail());
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                return retryLater(entry, unknown.cause());
            }
        }
    }

    private CompletionStage<Boolean> retryLater(Unsettled entry, String why) {
        context.metrics.storeCall("RECONCILE", "UNSETTLED");
        long retryNanos = context.policy.heartbeatInterval().toNanos();
        unsettled.computeIfPresent(entry.id().value(), (key, current) -> current.retryAt(context.now() + retryNanos));
        log.debug("session {}: the {} is still unsettled: {}", entry.id(), entry.kind(), why);
        return CompletableFuture.completedFuture(false);
    }

    /** The unknown request did commit: bring this node in line with the record. */
    private CompletionStage<Void> adopt(Unsettled entry, SessionRecord record, Executor lane) {
        var session = context.table.get(entry.id().value());
        return switch (entry.kind()) {
            case CREATE -> retireOrphan(entry, record);
            case REATTACH -> {
                holdUnbound(entry, record, session);
                yield CompletableFuture.completedFuture(null);
            }
            case TRANSITION -> {
                applyTransition(entry, record, session);
                yield CompletableFuture.completedFuture(null);
            }
            // A transfer that did commit moved the owner; whoever started it reads the record before acting again.
            case TERMINATE, TRANSFER -> CompletableFuture.completedFuture(null);
        };
    }

    /**
     * A create whose agent was told STORE_UNAVAILABLE: nobody holds the keys of that session, so it is terminated at
     * once rather than left to its lifetime.
     */
    private CompletionStage<Void> retireOrphan(Unsettled entry, SessionRecord record) {
        if (record.state() == SessionState.TERMINATED) {
            return CompletableFuture.completedFuture(null);
        }
        var commit = new TerminateCommit(
                record.id(),
                record.version(),
                context.node(),
                TerminationCode.OWNERSHIP_UNPROVEN.name(),
                TerminateCommit.Authority.OWNER,
                context.newRequestId());
        return StoreCalls.mutation(context.store.terminate(commit), context.storeTimeout)
                .thenAccept(result -> context.metrics.storeCall("TERMINATE", outcome(result)));
    }

    /**
     * A reattach whose agent was told STORE_UNAVAILABLE: the session is this node's now but has no transport here. It is
     * held unbound (RECOVERING locally) so that the transport-loss TTL ends it unless the agent comes back.
     */
    private void holdUnbound(Unsettled entry, SessionRecord record, LocalSession existing) {
        if (record.state() == SessionState.TERMINATED || !record.owner().equals(entry.node())) {
            return;
        }
        // The store binds the session to the path of the request that committed, which this node never bound: the
        // current link (if any) is not the session's binding any more.
        holdTransportless(record, existing, "reconciled: the store holds another binding");
    }

    /**
     * Holds a session the store says this node owns but which has no transport here (RECOVERING locally, the dead
     * transport pending), so that a reattach finds it and the transport-loss TTL ends it if its agent never comes back:
     * after a reconciled reattach, and after a failover took a dead node's session.
     */
    void holdTransportless(SessionRecord record, LocalSession existing, String reason) {
        var session = existing != null ? existing : new LocalSession(record.id(), record.agentKey(), context.now());
        long now = context.now();
        binder.unbind(session, reason, now);
        session.ledger = SessionLedger.confirmed(Codes.toProtocol(record.state()), record.version());
        var step = session.ledger.on(SessionEvent.TRANSPORT_DEAD);
        if (step instanceof Step.Pending pending) {
            context.events.transitions(session.wireId, List.of(pending.transition()));
        }
        session.owner = record.owner();
        session.binding = record.binding();
        session.unconfirmed = null;
        session.expiresAtNanos = context.expiryNanos(record, now);
        if (session.transportLostAtNanos < 0) {
            session.transportLostAtNanos = now;
        }
        session.stateSinceNanos = now;
        session.nextCheckNanos = now;
        session.refreshView();
        context.table.put(session);
        context.history.version(context.node().epoch(), session.wireId, record.version());
    }

    /** A live-transport transition that did commit: apply it and announce it as if the answer had come in time. */
    private void applyTransition(Unsettled entry, SessionRecord record, LocalSession session) {
        if (session == null || session.gone || entry.proposal() == null) {
            return;
        }
        long version =
                record.outcomeOf(entry.request()).map(RequestOutcome::version).orElse(record.version());
        if (version <= session.ledger.confirmedVersion()) {
            return;
        }
        var step = session.ledger.commit(entry.proposal().committedAt(version));
        if (step instanceof Step.Committed committed) {
            context.events.transitions(session.wireId, committed.transitions());
            context.history.version(context.node().epoch(), session.wireId, version);
            session.stateSinceNanos = context.now();
            var link = session.link;
            if (link != null) {
                session.unconfirmed = committed.last();
                session.unconfirmedSentNanos = context.now();
                Frames.seal(link.path(), link.channel(), StateUpdate.commit(committed.last()), context.metrics);
            }
        }
        session.refreshView();
    }

    static String outcome(StoreResult<?> result) {
        return switch (result) {
            case StoreResult.Committed<?> c -> "COMMITTED";
            case StoreResult.Rejected<?> r -> r.code().name();
            case StoreResult.Unknown<?> u -> "UNKNOWN";
        };
    }
}
