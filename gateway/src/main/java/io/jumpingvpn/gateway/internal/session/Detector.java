package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.transport.TcpReturnPath;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The gateway's own detection, in the session's lane, when the session's next deadline has come:
 *
 * <ul>
 *   <li>session lifetime ({@code SESSION_MAX_LIFETIME_MS}, from the record's expiry in store time): TERMINATE with
 *       SESSION_TTL_EXPIRED;
 *   <li>no frame for {@code HEARTBEAT_VOLATILE_MS}, or the TCP connection closed: the transport is dead. The ledger
 *       keeps TRANSPORT_DEAD as a pending transition (the version rule: the agent cannot learn of it, so it is not
 *       committed alone), the node stops forwarding, and the session waits in RECOVERING for a reattach;
 *   <li>RECOVERING for {@code TRANSPORT_LOST_TTL_MS} since the last frame: TERMINATE with TRANSPORT_LOSS_TTL_EXPIRED.
 *       (The recovery window is the agent's; the gateway's bound is this TTL.)
 *   <li>while bound: re-send an unconfirmed STATE_UPDATE, judge quality lost to silence, VOLATILE lasting too long;
 *   <li>a hand-over hold whose deadline passed without the previous owner's release: forwarding starts.
 * </ul>
 *
 * Each check ends by computing the session's next deadline, which the sweeper compares with the clock.
 */
final class Detector {

    private final Context context;
    private final Binder binder;
    private final Terminator terminator;
    private final ControlPlane control;
    private final long volatileNanos;
    private final long transportLostTtlNanos;
    private final long intervalNanos;
    private final long volatileToDegradedNanos;

    Detector(Context context, Binder binder, Terminator terminator, ControlPlane control) {
        this.context = requireNonNull(context, "context");
        this.binder = requireNonNull(binder, "binder");
        this.terminator = requireNonNull(terminator, "terminator");
        this.control = requireNonNull(control, "control");
        this.volatileNanos = context.policy.heartbeatVolatile().toNanos();
        this.transportLostTtlNanos = context.policy.transportLostTtl().toNanos();
        this.intervalNanos = context.policy.heartbeatInterval().toNanos();
        this.volatileToDegradedNanos = context.policy.volatileToDegraded().toNanos();
    }

    CompletionStage<?> check(LocalSession session, Executor lane) {
        if (session.gone) {
            return ControlPlane.done();
        }
        long now = context.now();
        if (now - session.expiresAtNanos >= 0) {
            return terminator.terminate(session, SessionEvent.SESSION_TTL_EXPIRED, Terminator.Mode.OWNER, lane);
        }
        var link = session.link;
        if (link != null && link.gate().held() && now - link.gate().heldUntilNanos() >= 0) {
            // The previous owner never said it stopped; its lease, as the store held it at the commit, is over.
            binder.releaseHold(session, link);
        }
        if (link != null) {
            if (!link.path().isOpen()) {
                transportDead(session, "connection closed", now);
            } else if (now - session.lastFrameNanos >= volatileNanos) {
                transportDead(
                        session,
                        "no frame for " + context.policy.heartbeatVolatile().toMillis() + " ms",
                        session.lastFrameNanos);
            } else {
                return control.onTimer(session, now, lane).whenComplete((ignored, failure) -> reschedule(session));
            }
        } else if (session.transportLostAtNanos >= 0 && now - session.transportLostAtNanos >= transportLostTtlNanos) {
            return terminator.terminate(session, SessionEvent.TRANSPORT_LOSS_TTL_EXPIRED, Terminator.Mode.OWNER, lane);
        }
        reschedule(session);
        return ControlPlane.done();
    }

    /** A TCP connection closed: if it carried the session, its transport is dead now. */
    CompletionStage<?> pathClosed(LocalSession session, Channel channel) {
        var link = session.link;
        if (!session.gone && link != null && link.path() instanceof TcpReturnPath tcp && tcp.channel() == channel) {
            transportDead(session, "connection closed", context.now());
            reschedule(session);
        }
        return ControlPlane.done();
    }

    /** TRANSPORT_DEAD, kept locally: the ledger records it as pending and forwarding stops. */
    void transportDead(LocalSession session, String why, long lostAtNanos) {
        var step = session.ledger.on(SessionEvent.TRANSPORT_DEAD);
        if (step instanceof Step.Pending pending) {
            context.events.transitions(session.wireId, List.of(pending.transition()));
        }
        session.unconfirmed = null;
        binder.unbind(session, "transport dead: " + why, lostAtNanos);
        session.refreshView();
    }

    /** Computes when the session next needs a check. */
    void reschedule(LocalSession session) {
        long next = session.expiresAtNanos;
        var link = session.link;
        if (link != null) {
            next = earliest(next, session.lastFrameNanos + volatileNanos);
            if (link.gate().held()) {
                next = earliest(next, link.gate().heldUntilNanos());
            }
            var state = session.ledger.state();
            if (state == SessionState.ATTACHED && session.quality != null) {
                next = earliest(next, session.quality.silenceDeadlineNanos());
            }
            if (state == SessionState.VOLATILE) {
                next = earliest(next, session.stateSinceNanos + volatileToDegradedNanos);
            }
            if (session.unconfirmed != null) {
                next = earliest(next, session.unconfirmedSentNanos + intervalNanos);
            }
            if (link.path() instanceof TcpReturnPath) {
                // A closed connection is reported by the transport; this is only the safety net.
                next = earliest(next, context.now() + volatileNanos);
            }
        } else if (session.transportLostAtNanos >= 0) {
            next = earliest(next, session.transportLostAtNanos + transportLostTtlNanos);
        }
        session.nextCheckNanos = next;
    }

    private static long earliest(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
