package io.jumpingvpn.agent.internal;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.internal.recovery.Backoff;
import io.jumpingvpn.agent.internal.recovery.RejectAction;
import io.jumpingvpn.agent.internal.recovery.RejectRules;
import io.jumpingvpn.agent.internal.transport.Endpoints;
import io.jumpingvpn.agent.internal.transport.Transport;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.RedirectCheck;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.SessionTerms;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Getting attached: the birth (handshakes) and every recovery (reattaches), one attempt at a time, each over a new
 * transport. Attempts go round the candidates in rank order; an unanswered attempt fails after the heartbeat dead time
 * (resending the same request bytes every heartbeat interval on UDP); refusals are handled by {@link RejectRules};
 * the campaign's window bounds it all. Runs on the agent's loop, on {@link AgentCore}'s state.
 */
final class AttachPhase {

    private final AgentCore core;
    /** The terms attempts are timed by: the gateway's last, or the policy's before the first ACK. */
    private long intervalNanos;

    private long deadAfterNanos;
    private long nonce;

    AttachPhase(AgentCore core) {
        this.core = core;
        this.intervalNanos = core.policy.heartbeatInterval().toNanos();
        this.deadAfterNanos = core.policy.heartbeatVolatile().toNanos();
    }

    private Backoff backoff() {
        long max = Math.max(intervalNanos, core.policy.recoveryWindow().toNanos() / 4);
        return new Backoff(intervalNanos, max);
    }

    void beginBirth() {
        long now = core.now();
        core.campaign = AttachCampaign.birth(now, core.policy.recoveryWindow().toNanos());
        tick(now);
    }

    /**
     * A recovery after the session left its transport. Its window is RECOVERY_WINDOW_MS, or the gateway's
     * transport-lost TTL if shorter (the agent gives up before the gateway does).
     */
    void beginRecovery(
            AgentEvent.LossCause cause, Candidate previous, OptionalInt preferred, SessionTerms terms, long now) {
        intervalNanos = TimeUnit.MILLISECONDS.toNanos(terms.heartbeatIntervalMs());
        deadAfterNanos = TimeUnit.MILLISECONDS.toNanos(terms.heartbeatVolatileMs());
        long window = Math.min(
                core.policy.recoveryWindow().toNanos(), TimeUnit.MILLISECONDS.toNanos(terms.transportLostTtlMs()));
        core.campaign = AttachCampaign.recovery(now, window, cause, previous, preferred);
        tick(now);
    }

    void tick(long now) {
        var campaign = core.campaign;
        if (campaign.window.isExceeded(now)) {
            expired(campaign);
            return;
        }
        var attempt = core.attempt;
        if (attempt != null) {
            if (attempt.isTimedOut(now)) {
                attemptFailed("no answer within " + LivePhase.millis(deadAfterNanos) + " ms", false, now);
            } else if (attempt.resendDue(now)) {
                send(attempt, now);
            }
            return;
        }
        if (now - campaign.retryAtNanos >= 0) {
            startAttempt(campaign, now);
        }
    }

    private void expired(AttachCampaign campaign) {
        long windowMs = LivePhase.millis(campaign.window.windowNanos());
        if (campaign.isBirth()) {
            core.birthFailed("no gateway accepted the handshake within " + windowMs + " ms", Optional.empty());
            return;
        }
        core.terminate(SessionEvent.RECOVERY_WINDOW_EXCEEDED, "not attached again within " + windowMs + " ms", false);
    }

    private void startAttempt(AttachCampaign campaign, long now) {
        if (!campaign.isBirth() && !campaign.switchCounted) {
            long allowedAt = core.limiter.nextAllowedAt(now);
            if (allowedAt > now) {
                // The switch limits hold the recovery back; the window keeps running.
                campaign.retryAtNanos = allowedAt;
                return;
            }
            core.limiter.record(now);
            core.counters.switches.incrementAndGet();
            campaign.switchCounted = true;
        }
        if (campaign.tried.size() >= core.book.size()) {
            campaign.tried.clear();
        }
        int id = campaign.preferred.orElseGet(() -> core.book.best(campaign.tried, now));
        campaign.preferred = OptionalInt.empty();
        campaign.tried.add(id);
        var candidate = core.book.candidate(id);
        var transport =
                Transport.dial(core.runtime, ++core.generation, id, candidate, core.config.localAddress(), core, (int)
                        Math.max(1, LivePhase.millis(deadAfterNanos)));
        if (campaign.isBirth()) {
            core.attempt =
                    Attempt.handshake(transport, core.crypto.startHandshake(), now, deadAfterNanos, intervalNanos);
        } else {
            var pending = core.crypto.startReattach(core.sessionId, core.ledger.confirmedVersion(), ++nonce, candidate);
            core.attempt = Attempt.reattach(transport, pending, now, deadAfterNanos, intervalNanos);
        }
    }

    /** The attempt's transport is connected: the request leaves. */
    void sendRequest(long now) {
        var attempt = core.attempt;
        if (attempt.neverSent() && attempt.reattach.isPresent()) {
            var request = attempt.reattach.get().request();
            core.emit.event(new AgentEvent.ReattachSent(
                    now,
                    attempt.transport.candidate(),
                    attempt.transport.localAddress().orElseGet(() -> new InetSocketAddress(0)),
                    request.expectedVersion(),
                    request.nonce()));
        }
        send(attempt, now);
    }

    private void send(Attempt attempt, long now) {
        if (attempt.transport.send(attempt.request())) {
            core.counters.framesSent.incrementAndGet();
        }
        attempt.sent(now);
    }

    /**
     * The attempt failed: no answer in time ({@code instant} false: try the next candidate at once) or its transport
     * failed at once ({@code instant}: refused, unreachable; back off before the next attempt so a dead endpoint does
     * not spin the loop).
     */
    void attemptFailed(String why, boolean instant, long now) {
        var attempt = core.attempt;
        var campaign = core.campaign;
        core.book.failed(attempt.candidateId(), now);
        if (attempt.reattach.isPresent()) {
            core.emit.event(new AgentEvent.ReattachFailed(now, attempt.transport.candidate(), why));
        } else {
            core.emit.log().debug("{}: handshake over {} failed: {}", core.config.name(), attempt.transport, why);
        }
        core.closeAttempt();
        campaign.retryAtNanos = instant ? now + backoff().delayNanos(campaign.backoffs++) : now;
    }

    void onFrame(Frame frame, long now) {
        var attempt = core.attempt;
        switch (frame) {
            case CookieChallenge challenge
            when attempt.handshake.isPresent() -> {
                var answer = attempt.handshake.get().answer(challenge);
                if (answer.isEmpty()) {
                    core.counters.framesRejected.incrementAndGet();
                    return;
                }
                core.counters.framesReceived.incrementAndGet();
                attempt.replaceRequest(FrameCodec.encode(answer.get()));
                send(attempt, now);
            }
            case HandshakeAck ack
            when attempt.handshake.isPresent() ->
                onHandshakeReply(attempt.handshake.get().complete(ack), now);
            case HandshakeReject reject
            when attempt.handshake.isPresent() ->
                onHandshakeReply(attempt.handshake.get().complete(reject), now);
            case ReattachAck ack
            when attempt.reattach.isPresent() ->
                onReattachReply(attempt.reattach.get().complete(ack), now);
            case ReattachReject reject
            when attempt.reattach.isPresent() ->
                onReattachReply(attempt.reattach.get().complete(reject), now);
            case Redirect redirect -> onRedirect(redirect, now);
            default -> core.counters.framesRejected.incrementAndGet();
        }
    }

    private void onHandshakeReply(ReplyOutcome outcome, long now) {
        switch (outcome) {
            case ReplyOutcome.Established established -> born(established.attachment(), now);
            case ReplyOutcome.Rejected rejected -> {
                core.counters.framesReceived.incrementAndGet();
                var detail = "the gateway refused the handshake with " + rejected.code();
                switch (RejectRules.onHandshakeReject(rejected.code())) {
                    case RejectAction.GiveUp giveUp -> core.birthFailed(detail, Optional.of(rejected.code()));
                    case RejectAction.BackOff back -> retryLater(back.preferAnotherCandidate(), now);
                    default -> retryLater(false, now);
                }
            }
            case ReplyOutcome.Invalid invalid -> core.counters.framesRejected.incrementAndGet();
        }
    }

    private void born(Attachment attachment, long now) {
        core.counters.framesReceived.incrementAndGet();
        var transport = core.attempt.transport;
        core.attempt = null;
        core.campaign = null;
        core.sessionId = attachment.sessionId();
        var step = core.ledger.commit(Transition.committed(
                SessionState.BIRTH, SessionEvent.HANDSHAKE_ACCEPTED, SessionState.ATTACHED, attachment.version()));
        var link = core.live.attach(transport, attachment, now);
        var local = transport.localAddress().orElseGet(() -> new InetSocketAddress(0));
        core.emit.event(new AgentEvent.Attached(
                now, attachment.sessionId(), attachment.version(), transport.candidate(), local));
        core.emit.attached(now, core.sessionId, attachment.version(), link.node);
        core.onStep(step, "the handshake ACK does not fit the ledger", true);
    }

    private void onReattachReply(ReplyOutcome outcome, long now) {
        var attempt = core.attempt;
        switch (outcome) {
            case ReplyOutcome.Established established -> reattached(established.attachment(), now);
            case ReplyOutcome.Rejected rejected -> {
                core.counters.framesReceived.incrementAndGet();
                var candidate = attempt.transport.candidate();
                core.emit.event(
                        new AgentEvent.ReattachRejected(now, candidate, rejected.code(), rejected.currentVersion()));
                onReattachRejected(RejectRules.onReattachReject(rejected.code(), rejected.currentVersion()), now);
            }
            case ReplyOutcome.Invalid invalid -> core.counters.framesRejected.incrementAndGet();
        }
    }

    private void onReattachRejected(RejectAction action, long now) {
        var campaign = core.campaign;
        int id = core.attempt.candidateId();
        switch (action) {
            case RejectAction.AdoptAndRetry adopt -> {
                var step = core.ledger.adoptVersion(adopt.currentVersion());
                if (step instanceof Step.Terminated) {
                    core.onStep(
                            step,
                            "the gateway reported version " + adopt.currentVersion() + " below the highest seen, "
                                    + core.ledger.highestSeenVersion() + " (the store lost writes)",
                            false);
                    return;
                }
                core.onStep(step, "", false);
                core.closeAttempt();
                campaign.preferred = OptionalInt.of(id);
                if (step instanceof Step.VersionAdopted) {
                    campaign.retryAtNanos = now;
                } else {
                    // The same version again: something else is wrong; do not spin.
                    campaign.retryAtNanos = now + backoff().delayNanos(campaign.backoffs++);
                }
            }
            case RejectAction.BackOff back -> retryLater(back.preferAnotherCandidate(), now);
            case RejectAction.WaitCooldown cooldown -> {
                core.closeAttempt();
                campaign.preferred = OptionalInt.of(id);
                campaign.retryAtNanos =
                        now + Math.max(core.policy.switchCooldown().toNanos(), intervalNanos);
            }
            case RejectAction.Terminate terminate ->
                core.terminate(
                        SessionEvent.terminatingWith(terminate.code()), "the gateway refused the reattach", false);
            case RejectAction.GiveUp giveUp ->
                core.terminate(SessionEvent.OWNERSHIP_UNPROVABLE, "the gateway refused the reattach", false);
        }
    }

    /** Closes the attempt and retries after the back-off: on another candidate if asked, else the same one. */
    private void retryLater(boolean anotherCandidate, long now) {
        var campaign = core.campaign;
        int id = core.attempt.candidateId();
        core.closeAttempt();
        if (!anotherCandidate || core.book.size() == 1) {
            campaign.preferred = OptionalInt.of(id);
        }
        campaign.retryAtNanos = now + backoff().delayNanos(campaign.backoffs++);
    }

    private void reattached(Attachment attachment, long now) {
        core.counters.framesReceived.incrementAndGet();
        var campaign = core.campaign;
        var transport = core.attempt.transport;
        var step = core.ledger.commit(Transition.committed(
                SessionState.RECOVERING, SessionEvent.REATTACH_ACCEPTED, SessionState.ATTACHED, attachment.version()));
        if (!(step instanceof Step.Committed)) {
            if (step instanceof Step.Terminated) {
                core.onStep(step, "the reattach ACK carries a version below the highest seen", false);
            } else {
                core.terminate(SessionEvent.PROTOCOL_VIOLATION, "a reattach ACK that does not fit: " + step, false);
            }
            return;
        }
        core.attempt = null;
        core.campaign = null;
        core.counters.reattaches.incrementAndGet();
        var link = core.live.attach(transport, attachment, now);
        intervalNanos = link.intervalNanos;
        deadAfterNanos = link.deadAfterNanos;
        var local = transport.localAddress().orElseGet(() -> new InetSocketAddress(0));
        core.emit.attached(now, core.sessionId, attachment.version(), link.node);
        core.onStep(step, "", true);
        core.emit.event(new AgentEvent.TransportSwitched(
                now,
                campaign.previous.orElseThrow(),
                transport.candidate(),
                local,
                attachment.version(),
                now - campaign.startedNanos()));
    }

    /**
     * A REDIRECT: accepted only for this session, signed by the pinned gateway key and fresh
     * ({@code REATTACH_PROOF_MAX_AGE_MS}); then the agent reattaches at its target with an ordinary REATTACH_REQUEST.
     */
    void onRedirect(Redirect redirect, long now) {
        if (core.sessionId == null) {
            core.counters.framesRejected.incrementAndGet();
            return;
        }
        var check = core.crypto.checkRedirect(redirect, core.sessionId, core.policy.reattachProofMaxAge());
        if (check != RedirectCheck.VALID) {
            core.counters.framesRejected.incrementAndGet();
            core.emit.log().debug("{}: ignored a REDIRECT: {}", core.config.name(), check);
            return;
        }
        Optional<Integer> target;
        try {
            target = core.book.learn(Endpoints.checkDialable(redirect.target()));
        } catch (IllegalArgumentException e) {
            target = Optional.empty();
        }
        if (target.isEmpty()) {
            core.counters.framesRejected.incrementAndGet();
            core.emit.log().warn("{}: cannot follow a REDIRECT to {}", core.config.name(), redirect.target());
            return;
        }
        core.counters.framesReceived.incrementAndGet();
        core.emit.event(new AgentEvent.Redirected(now, redirect.target(), redirect.reason()));
        if (core.link != null) {
            core.live.leave(AgentEvent.LossCause.REDIRECT, OptionalInt.of(target.get()), now);
            return;
        }
        if (core.campaign != null && !core.campaign.isBirth()) {
            core.closeAttempt();
            core.campaign.preferred = OptionalInt.of(target.get());
            core.campaign.retryAtNanos = now;
            tick(now);
        }
    }
}
