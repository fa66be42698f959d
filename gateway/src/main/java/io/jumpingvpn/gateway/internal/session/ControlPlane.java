package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.lease.LeaseProof;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TransitionCommit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live attachment's control messages, in the session's lane: HEARTBEAT (answered with HEARTBEAT_ACK carrying the
 * committed version; its version field confirms a STATE_UPDATE), STATE_UPDATE (an agent's proposal), TERMINATE from
 * the agent, and the live-transport transitions: VOLATILE, DEGRADED and back to ATTACHED, judged from heartbeat loss
 * ({@link HeartbeatQuality}) or proposed by the agent, committed to the store with a {@code TransitionCommit}, then sent
 * as a STATE_UPDATE COMMIT and re-sent every heartbeat interval until a heartbeat confirms it. While a commit is
 * unconfirmed no other is made, so the agent is never more than one version behind. A node that cannot prove its lease
 * sends nothing here but TERMINATE.
 */
final class ControlPlane {

    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

    private final Context context;
    private final Terminator terminator;
    private final Binder binder;
    private final Reconciler reconciler;
    private final LeaseProof proof;
    private final long intervalNanos;
    private final long volatileToDegradedNanos;

    ControlPlane(Context context, Terminator terminator, Binder binder, Reconciler reconciler) {
        this.context = requireNonNull(context, "context");
        this.terminator = requireNonNull(terminator, "terminator");
        this.binder = requireNonNull(binder, "binder");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        this.proof = context.lease.proof();
        this.intervalNanos = context.policy.heartbeatInterval().toNanos();
        this.volatileToDegradedNanos = context.policy.volatileToDegraded().toNanos();
    }

    /** An authentic control message of {@code link} (DATA never comes here). */
    CompletionStage<?> onMessage(LocalSession session, Link link, TunnelMessage message, Executor lane) {
        if (session.gone || session.link != link || link.gate().closed()) {
            return done(); // the session moved on since the frame was opened
        }
        return switch (message) {
            case Heartbeat heartbeat -> onHeartbeat(session, link, heartbeat, lane);
            case StateUpdate update -> onStateUpdate(session, link, update, lane);
            case Terminate terminate ->
                terminator.terminate(
                        session, SessionEvent.terminatingWith(terminate.code()), Terminator.Mode.BY_AGENT, lane);
            case HeartbeatAck ack -> protocolViolation(session, "the agent sent a HEARTBEAT_ACK", lane);
            case Data data -> done();
        };
    }

    /** An authentic frame the agent should never have sealed: the session ends with FATAL_PROTOCOL_ERROR. */
    CompletionStage<?> protocolViolation(LocalSession session, String detail, Executor lane) {
        if (session.gone) {
            return done();
        }
        context.events.security(
                Optional.of(session.wireId),
                OptionalLong.of(session.ledger.confirmedVersion()),
                Events.SecurityKind.PROTOCOL_VIOLATION,
                "FATAL_PROTOCOL_ERROR",
                session.link == null ? "-" : session.link.path().binding().toString(),
                detail);
        return terminator.terminate(session, SessionEvent.PROTOCOL_VIOLATION, Terminator.Mode.OWNER, lane);
    }

    private CompletionStage<?> onHeartbeat(LocalSession session, Link link, Heartbeat heartbeat, Executor lane) {
        long now = context.now();
        session.quality.onHeartbeat(heartbeat.sequence(), now);
        if (proof.isValid()) {
            Frames.seal(
                    link.path(),
                    link.channel(),
                    new HeartbeatAck(heartbeat.sequence(), heartbeat.timestamp(), session.ledger.confirmedVersion()),
                    context.metrics);
        }
        var unconfirmed = session.unconfirmed;
        if (unconfirmed != null) {
            if (heartbeat.confirmedVersion() >= unconfirmed.version()) {
                session.unconfirmed = null;
            } else {
                resendIfDue(session, now);
            }
        }
        return evaluate(session, lane);
    }

    private CompletionStage<?> onStateUpdate(LocalSession session, Link link, StateUpdate update, Executor lane) {
        if (update.kind() == StateUpdate.Kind.COMMIT) {
            return protocolViolation(session, "the agent sent a STATE_UPDATE COMMIT", lane);
        }
        var ledger = session.ledger;
        if (update.version() != ledger.confirmedVersion() || update.from() != ledger.state()) {
            // A proposal made at another version or state: stale. The agent learns the truth from HEARTBEAT_ACK.
            return done();
        }
        if (update.event() == SessionEvent.QUALITY_RESTORED
                && !session.quality.restored(context.now(), session.stateSinceNanos)) {
            // The agent may see a better downlink; the node restores only when its own uplink view agrees.
            return done();
        }
        return commit(session, update.event(), lane);
    }

    /** Re-sends the unconfirmed STATE_UPDATE COMMIT when a heartbeat interval passed since it was last sent. */
    void resendIfDue(LocalSession session, long now) {
        var unconfirmed = session.unconfirmed;
        var link = session.link;
        if (unconfirmed == null || link == null || now - session.unconfirmedSentNanos < intervalNanos) {
            return;
        }
        if (proof.isValid()) {
            session.unconfirmedSentNanos = now;
            Frames.seal(link.path(), link.channel(), StateUpdate.commit(unconfirmed), context.metrics);
        }
    }

    /** Judges the live transport from the heartbeats and commits a quality transition when one is due. */
    CompletionStage<?> evaluate(LocalSession session, Executor lane) {
        if (session.gone || session.link == null || session.unconfirmed != null) {
            return done();
        }
        return judge(session, context.now())
                .<CompletionStage<?>>map(event -> commit(session, event, lane))
                .orElseGet(ControlPlane::done);
    }

    private Optional<SessionEvent> judge(LocalSession session, long now) {
        var quality = session.quality;
        var state = session.ledger.state();
        if (state == SessionState.ATTACHED) {
            return quality.belowFloor(now) ? Optional.of(SessionEvent.QUALITY_BELOW_FLOOR) : Optional.empty();
        }
        if (state == SessionState.VOLATILE) {
            if (quality.restored(now, session.stateSinceNanos)) {
                return Optional.of(SessionEvent.QUALITY_RESTORED);
            }
            return now - session.stateSinceNanos >= volatileToDegradedNanos
                    ? Optional.of(SessionEvent.VOLATILITY_PERSISTED)
                    : Optional.empty();
        }
        if (state == SessionState.DEGRADED && quality.restored(now, session.stateSinceNanos)) {
            return Optional.of(SessionEvent.QUALITY_RESTORED);
        }
        return Optional.empty();
    }

    /** Timer work for a bound session: re-send an unconfirmed commit, judge quality from silence. */
    CompletionStage<?> onTimer(LocalSession session, long now, Executor lane) {
        resendIfDue(session, now);
        return evaluate(session, lane);
    }

    private CompletionStage<?> commit(LocalSession session, SessionEvent event, Executor lane) {
        if (session.unconfirmed != null || session.link == null) {
            return done();
        }
        return Lanes.then(
                reconciler.settle(session.wireId, lane),
                settled -> {
                    if (!settled || session.gone || session.link == null || session.unconfirmed != null) {
                        return done();
                    }
                    var step = session.ledger.on(event);
                    if (!(step instanceof Step.Proposed proposed)) {
                        return done();
                    }
                    var request = context.newRequestId();
                    var node = context.node();
                    var proposal = proposed.proposal();
                    var commit = new TransitionCommit(
                            session.id,
                            proposed.expectedVersion(),
                            Codes.toStore(proposal.from()),
                            Codes.toStore(proposal.to()),
                            node,
                            request);
                    return StoreCalls.mutation(context.store.transition(commit), context.storeTimeout)
                            .thenComposeAsync(
                                    result -> {
                                        context.metrics.storeCall("TRANSITION", Reconciler.outcome(result));
                                        return onTransition(session, proposed, result, request, node, lane);
                                    },
                                    lane);
                },
                lane);
    }

    private CompletionStage<?> onTransition(
            LocalSession session,
            Step.Proposed proposed,
            StoreResult<SessionRecord> result,
            RequestId request,
            NodeRef node,
            Executor lane) {
        switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                if (session.gone) {
                    return done();
                }
                var step = session.ledger.commit(
                        proposed.proposal().committedAt(committed.value().version()));
                if (step instanceof Step.Committed applied) {
                    long now = context.now();
                    context.events.transitions(session.wireId, applied.transitions());
                    context.history.version(
                            node.epoch(), session.wireId, committed.value().version());
                    session.stateSinceNanos = now;
                    var link = session.link;
                    if (link != null) {
                        session.unconfirmed = applied.last();
                        session.unconfirmedSentNanos = now;
                        if (proof.isValid()) {
                            Frames.seal(
                                    link.path(), link.channel(), StateUpdate.commit(applied.last()), context.metrics);
                        }
                    }
                }
                session.refreshView();
                return done();
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                return onRefusedTransition(session, rejected, lane);
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                reconciler.remember(Reconciler.Kind.TRANSITION, session.id, request, node, proposed.proposal());
                return done();
            }
        }
    }

    private CompletionStage<?> onRefusedTransition(
            LocalSession session, StoreResult.Rejected<SessionRecord> rejected, Executor lane) {
        switch (rejected.code()) {
            case SESSION_EXPIRED -> {
                return terminator.terminate(session, SessionEvent.SESSION_TTL_EXPIRED, Terminator.Mode.OWNER, lane);
            }
            case OWNERSHIP_CONFLICT -> {
                // Another owner committed since: this node must not forward for the session any more.
                context.events.security(
                        Optional.of(session.wireId),
                        rejected.currentVersion(),
                        Events.SecurityKind.OWNERSHIP_ANOMALY,
                        rejected.code().name(),
                        "-",
                        "a transition was refused: " + rejected.detail());
                binder.unbind(session, "moved", context.now());
                session.gone = true;
                context.table.remove(session);
                session.refreshView();
                return done();
            }
            case RECORD_CORRUPT -> {
                context.events.corruptRecord(session.wireId, rejected.detail());
                return done();
            }
            default -> {
                log.warn(
                        "session {}: the store refused a transition: {} {}",
                        session.wireId,
                        rejected.code(),
                        rejected.detail());
                return done();
            }
        }
    }

    static CompletionStage<Object> done() {
        return CompletableFuture.completedFuture(null);
    }
}
