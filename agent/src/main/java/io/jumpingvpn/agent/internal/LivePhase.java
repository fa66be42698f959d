package io.jumpingvpn.agent.internal;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.internal.selection.CandidateRanking;
import io.jumpingvpn.agent.internal.selection.CandidateScore;
import io.jumpingvpn.agent.internal.transport.Transport;
import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The session on a live transport (ATTACHED, VOLATILE, DEGRADED): heartbeats and what they measure, quality
 * proposals, commits from the gateway, data both ways, voluntary switches, and leaving the transport when it dies.
 * Runs on the agent's loop, on {@link AgentCore}'s state.
 */
final class LivePhase {

    private final AgentCore core;

    LivePhase(AgentCore core) {
        this.core = core;
    }

    /** The session is attached over {@code transport} with {@code attachment}: a new link. */
    LiveLink attach(Transport transport, Attachment attachment, long now) {
        var terms = attachment.terms();
        var channel = SecureChannel.of(attachment, terms.replayWindow());
        var link =
                new LiveLink(transport, channel, terms, core.policy.lossWindow().toNanos(), now);
        core.link = link;
        core.schedule(link.intervalNanos);
        return link;
    }

    void tick(long now) {
        var link = core.link;
        if (link.isSilent(now)) {
            leave(AgentEvent.LossCause.SILENCE, OptionalInt.empty(), now);
            return;
        }
        if (now - link.sessionEndsAtNanos >= 0) {
            core.terminate(
                    SessionEvent.SESSION_TTL_EXPIRED, "the session lifetime the gateway announced is over", true);
            return;
        }
        if (now - link.nextHeartbeatNanos >= 0) {
            sendHeartbeat(link, now);
        }
        judgeQuality(link, now);
        if (core.link == link && !core.ended) {
            considerBetterCandidate(link, now);
        }
    }

    private void sendHeartbeat(LiveLink link, long now) {
        long sequence = link.nextSequence++;
        long stamp = Math.max(0, (now - core.startNanos) / 1_000);
        var heartbeat = new Heartbeat(sequence, stamp, Math.max(1, core.ledger.confirmedVersion()));
        if (link.transport.send(link.channel.seal(heartbeat))) {
            core.counters.framesSent.incrementAndGet();
        }
        link.window.sent(sequence, now);
        link.nextHeartbeatNanos = now + link.intervalNanos;
    }

    /**
     * Quality below the floor moves ATTACHED to VOLATILE, persisting below the floor for VOLATILE_TO_DEGRADED_MS moves
     * VOLATILE to DEGRADED, and quality back above it moves either back to ATTACHED. Each is proposed to the gateway,
     * which commits it and answers with a STATE_UPDATE COMMIT.
     */
    private void judgeQuality(LiveLink link, long now) {
        var quality = link.quality(now);
        boolean below = quality.isBelowFloor(core.policy.lossVolatileThreshold(), core.policy.maxConsecutiveDrops());
        var state = core.ledger.state();
        var events = EnumSet.noneOf(SessionEvent.class);
        if (state == SessionState.ATTACHED && below) {
            events.add(SessionEvent.QUALITY_BELOW_FLOOR);
        }
        if (state == SessionState.VOLATILE
                && below
                && link.volatileSinceNanos >= 0
                && now - link.volatileSinceNanos
                        >= core.policy.volatileToDegraded().toNanos()) {
            events.add(SessionEvent.VOLATILITY_PERSISTED);
        }
        if ((state == SessionState.VOLATILE || state == SessionState.DEGRADED) && !below) {
            events.add(SessionEvent.QUALITY_RESTORED);
        }
        if (events.isEmpty()) {
            return;
        }
        if (core.ledger.on(events) instanceof Step.Proposed proposed
                && link.shouldPropose(proposed.proposal().event(), proposed.expectedVersion(), now)) {
            var update = StateUpdate.propose(proposed.proposal(), Math.max(1, proposed.expectedVersion()));
            if (link.transport.send(link.channel.seal(update))) {
                core.counters.framesSent.incrementAndGet();
            }
        }
    }

    /**
     * A VOLATILE or DEGRADED transport is left for a candidate that ranks above it, if the switch limits allow a switch
     * now. A candidate never measured ranks above one losing heartbeats (no loss seen beats some loss).
     */
    private void considerBetterCandidate(LiveLink link, long now) {
        var state = core.ledger.state();
        if (state != SessionState.VOLATILE && state != SessionState.DEGRADED) {
            return;
        }
        var quality = link.quality(now);
        var current = new CandidateScore(
                link.candidateId(),
                quality.loss(),
                quality.meanRttNanos().orElse(CandidateScore.UNKNOWN_LATENCY),
                link.stableNanos(now));
        var best = core.book.ranked(now).stream()
                .filter(score -> score.transportId() != link.candidateId())
                .findFirst();
        if (best.isPresent() && CandidateRanking.isBetter(best.get(), current) && core.limiter.allows(now)) {
            leave(
                    AgentEvent.LossCause.BETTER_CANDIDATE,
                    OptionalInt.of(best.get().transportId()),
                    now);
        }
    }

    /**
     * The session leaves its transport: TRANSPORT_DEAD is kept locally (pending, per the version rule), the session is
     * RECOVERING, and a recovery starts ({@code preferred}: the candidate to try first).
     */
    void leave(AgentEvent.LossCause cause, OptionalInt preferred, long now) {
        var link = core.link;
        var quality = link.quality(now);
        boolean failed = cause == AgentEvent.LossCause.SILENCE
                || cause == AgentEvent.LossCause.CLOSED
                || cause == AgentEvent.LossCause.KILLED;
        if (failed) {
            core.book.failed(link.candidateId(), now);
        } else {
            core.book.measured(link.candidateId(), quality, link.stableNanos(now), now);
        }
        var local = link.transport.localAddress().orElseGet(() -> new InetSocketAddress(0));
        core.emit.event(new AgentEvent.TransportLost(
                now, link.transport.candidate(), local, cause, quality.loss(), quality.meanRttNanos()));
        link.transport.close();
        core.link = null;
        var step = core.ledger.on(SessionEvent.TRANSPORT_DEAD);
        core.onStep(step, "the transport died", false);
        if (core.ended) {
            return;
        }
        core.attach.beginRecovery(cause, link.transport.candidate(), preferred, link.terms, now);
    }

    void onFrame(Frame frame, long now) {
        var link = core.link;
        switch (frame) {
            case SealedFrame sealed -> open(link, sealed, now);
            case Redirect redirect -> core.attach.onRedirect(redirect, now);
            default -> core.counters.framesRejected.incrementAndGet();
        }
    }

    private void open(LiveLink link, SealedFrame sealed, long now) {
        switch (link.channel.open(sealed)) {
            case OpenResult.Opened opened -> {
                core.counters.framesReceived.incrementAndGet();
                link.lastHeardNanos = now;
                onMessage(link, opened.message(), now);
            }
            case OpenResult.Rejected rejected -> {
                core.counters.framesRejected.incrementAndGet();
                core.emit.rejectedFrame(
                        now,
                        core.sessionId,
                        sealed.attachmentVersion(),
                        link.node,
                        rejected.failure().name());
                if (rejected.failure() == OpenResult.Failure.MALFORMED_BODY) {
                    core.terminate(
                            SessionEvent.PROTOCOL_VIOLATION,
                            "the gateway sealed a malformed " + sealed.type() + " body",
                            true);
                }
            }
        }
    }

    private void onMessage(LiveLink link, TunnelMessage message, long now) {
        switch (message) {
            case Data data -> {
                core.counters.dataReceived.incrementAndGet();
                if (link.shouldRecordAccept(now)) {
                    core.emit.accepted(now, core.sessionId, link.attachmentVersion(), link.node);
                }
                core.deliver(data.payload());
            }
            case HeartbeatAck ack -> {
                link.window.answered(ack.sequence(), now);
                var step = core.ledger.observeVersion(ack.version());
                if (step instanceof Step.Terminated) {
                    core.onStep(
                            step,
                            "the gateway reported version " + ack.version() + " below the highest seen, "
                                    + core.ledger.highestSeenVersion() + " (the store lost writes)",
                            true);
                }
            }
            case StateUpdate update -> onStateUpdate(link, update, now);
            case Terminate terminate ->
                core.terminate(
                        SessionEvent.terminatingWith(terminate.code()), "the gateway terminated the session", false);
            case Heartbeat heartbeat -> core.counters.framesRejected.incrementAndGet();
        }
    }

    private void onStateUpdate(LiveLink link, StateUpdate update, long now) {
        if (update.kind() != StateUpdate.Kind.COMMIT) {
            core.counters.framesRejected.incrementAndGet();
            return;
        }
        var step = core.ledger.commit(update.committedTransition());
        if (step instanceof Step.Committed committed) {
            var to = committed.last().to();
            if (to == SessionState.VOLATILE) {
                link.volatileSinceNanos = now;
            } else if (to == SessionState.ATTACHED) {
                link.volatileSinceNanos = -1;
                link.stableSinceNanos = now;
            }
        }
        core.onStep(
                step,
                "the gateway committed " + update.from() + " -> " + update.to() + " at version " + update.version()
                        + ", below the highest seen (the store lost writes)",
                true);
    }

    /** Seals {@code payload} as DATA onto the live transport; false (counted) when it cannot go now. */
    boolean sendData(ByteBuffer payload) {
        var link = core.link;
        if (core.ended || link == null || payload.remaining() > WireFormat.MAX_DATA_PAYLOAD) {
            core.counters.localDropped.incrementAndGet();
            return false;
        }
        int length = link.channel.sealedLength(payload.remaining());
        var frame = link.transport.alloc().directBuffer(length);
        link.channel.sealData(payload, frame.nioBuffer(0, length));
        frame.writerIndex(length);
        if (!link.transport.send(frame)) {
            core.counters.localDropped.incrementAndGet();
            return false;
        }
        core.counters.dataSent.incrementAndGet();
        core.counters.framesSent.incrementAndGet();
        return true;
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
