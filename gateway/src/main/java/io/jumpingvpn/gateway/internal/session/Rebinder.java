package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.VerifiedReattach;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.store.SessionRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a committed reattach into effect, in the session's lane: the signed REATTACH_ACK and the new secure channel, the
 * ledger taking the commit (X to RECOVERING to ATTACHED, the pending TRANSPORT_DEAD included), and the binding swapped
 * to the new path in one step. A same-node rebinding (a new source port after a NAT rebinding, or TCP to UDP) keeps the
 * session's egress port; frames from the old path are refused from then on (wrong path, wrong attachment).
 */
final class Rebinder {

    private static final Logger log = LoggerFactory.getLogger(Rebinder.class);

    private final Context context;
    private final Binder binder;
    private final Detector detector;

    Rebinder(Context context, Binder binder, Detector detector) {
        this.context = requireNonNull(context, "context");
        this.binder = requireNonNull(binder, "binder");
        this.detector = requireNonNull(detector, "detector");
    }

    /**
     * Accepts {@code verified}, which the store committed at {@code version}; {@code before} is the record the lookup
     * read, {@code record} the record after the commit.
     */
    CompletionStage<?> accept(
            VerifiedReattach verified,
            ReturnPath path,
            SessionRecord before,
            SessionRecord record,
            long version,
            Executor lane) {
        long now = context.now();
        var accepted = context.crypto.acceptReattach(verified, version, context.terms(record));
        var reply = FrameCodec.encode(accepted.reply());
        var existing = context.table.get(verified.sessionId());
        var session = existing != null ? existing : new LocalSession(record.id(), record.agentKey(), now);
        var link = new Link(
                SecureChannel.of(accepted.attachment(), context.policy.replayWindow()),
                path,
                version,
                verified.requestId(),
                reply,
                gate(record, session, verified.expectedVersion(), now));
        var previousLink = session.link;
        var previousBinding = previousLink != null
                ? previousLink.path().binding()
                : session.binding != null ? session.binding : before.binding();
        double loss = previousLink != null ? Math.max(0, session.quality.lossRatio(now)) : existing != null ? 1 : -1;
        long transportlessNanos =
                previousLink == null && session.transportLostAtNanos >= 0 ? now - session.transportLostAtNanos : 0;

        session.ledger = advance(session.ledger, verified.expectedVersion(), before, version, session.wireId);
        session.owner = record.owner();
        session.unconfirmed = null;
        session.stateSinceNanos = now;
        session.expiresAtNanos = context.expiryNanos(record, now);
        session.refreshView();
        context.table.put(session);

        return binder.openEgress(session, lane)
                .thenRunAsync(
                        () -> {
                            if (session.gone) {
                                return;
                            }
                            binder.bind(session, link);
                            context.history.version(record.owner().epoch(), session.wireId, version);
                            Frames.send(path, reply, context.metrics);
                            var binding = path.binding().toString();
                            context.events.reattachAccepted(
                                    session.wireId,
                                    version,
                                    verified.expectedVersion(),
                                    verified.nonce(),
                                    binding,
                                    verified.requestId());
                            context.events.transportSwitch(
                                    session.wireId,
                                    version,
                                    previousBinding.toString(),
                                    binding,
                                    loss,
                                    Duration.ofNanos(transportlessNanos).toMillis(),
                                    verified.request().timestampMs());
                            if (!before.owner().equals(record.owner())) {
                                context.events.ownershipChange(
                                        session.wireId, version, before.owner(), record.owner(), "REATTACH");
                            }
                            session.refreshView();
                            detector.reschedule(session);
                        },
                        lane);
    }

    /**
     * The gate of the new link. While a hand-over runs ({@code handoverUntilMs > 0}: a commit took the session from
     * another node whose lease was alive then, and this commit took it or rebound it before that lease surely ended),
     * the link is held: the agent has its ACK, but nothing is forwarded until the node the store names announced it
     * stopped (a release of a commit at {@code expected} or later: an older one is of an earlier take-over), or until
     * the lease, as the store held it, has surely ended here too: the reply's arrival (no earlier than the commit) plus
     * the time left at the commit, plus the safety margin for clocks that run at slightly different rates.
     *
     * <p>A rebinding of a link that forwards already, with no commit between that link's session version and this one
     * (the request expected the version this node stands at), forwards at once: that link's own hold already waited
     * for the same hand-over, which the store only carried forward.
     */
    private Gate gate(SessionRecord record, LocalSession session, long expected, long replyNanos) {
        if (record.handoverUntilMs() <= 0) {
            return Gate.open();
        }
        var current = session.link;
        if (current != null
                && current.gate().forwarding()
                && session.ledger != null
                && session.ledger.confirmedVersion() == expected) {
            return Gate.open();
        }
        long waitMs = Math.max(0, record.handoverUntilMs() - record.updatedAtMs());
        long until = replyNanos
                + Duration.ofMillis(waitMs).toNanos()
                + context.config.leaseSafetyMargin().toNanos();
        return Gate.held(
                until,
                record.previousOwner(),
                expected,
                context.config.cluster().holdFrames());
    }

    /**
     * The ledger after the commit. The local ledger is used when it stands where the request started; otherwise (the
     * node did not hold the session, or saw other versions) one is rebuilt from the record the lookup read.
     */
    private SessionLedger advance(
            SessionLedger local, long expected, SessionRecord before, long version, String session) {
        var ledger = local;
        if (ledger == null || ledger.isTerminated() || ledger.confirmedVersion() != expected) {
            SessionState start;
            if (before.version() == expected && !before.state().isFinal()) {
                start = Codes.toProtocol(before.state());
            } else {
                start = version - expected == 1 ? SessionState.RECOVERING : SessionState.ATTACHED;
            }
            ledger = SessionLedger.confirmed(start, expected);
        }
        if (ledger.state() != SessionState.RECOVERING
                && ledger.on(SessionEvent.TRANSPORT_DEAD) instanceof Step.Pending pending) {
            context.events.transitions(session, List.of(pending.transition()));
        }
        var step = ledger.commit(Transition.committed(
                SessionState.RECOVERING, SessionEvent.REATTACH_ACCEPTED, SessionState.ATTACHED, version));
        if (step instanceof Step.Committed committed) {
            context.events.transitions(session, committed.transitions());
            return ledger;
        }
        log.warn(
                "session {}: the ledger did not take the reattach at v{} ({}); starting from the store's word",
                session,
                version,
                step);
        return SessionLedger.confirmed(SessionState.ATTACHED, version);
    }
}
