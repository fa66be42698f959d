package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.PendingHandshake;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import java.io.IOException;
import java.nio.channels.Selector;
import java.util.Optional;

/**
 * A racer's handshake in flight, one {@code attach} operation: the INIT resent until an answer comes (a cookie
 * challenge is answered with the INIT carrying the cookie), ok with version 1 at the verified ACK, fail with the code of
 * a verified reject, info when nothing answered within {@link #DEADLINE_NANOS}.
 */
final class RacerBirth {

    private static final long MS = 1_000_000L;
    static final long DEADLINE_NANOS = 2_000 * MS;
    private static final long RESEND_NANOS = 300 * MS;

    private final RawLink link;
    private final PendingHandshake pending;
    private final Operation invoke;
    private final RunHistory history;
    private final long deadline;
    private byte[] init;
    private long resendAt;
    private boolean over;

    private RacerBirth(RawLink link, PendingHandshake pending, Operation invoke, RunHistory history, long now) {
        this.link = link;
        this.pending = pending;
        this.invoke = invoke;
        this.history = history;
        this.deadline = now + DEADLINE_NANOS;
        this.init = FrameCodec.encode(pending.init());
        this.resendAt = now + RESEND_NANOS;
    }

    static RacerBirth start(
            String racer, NodeEndpoint node, Selector selector, AgentCrypto crypto, RunHistory history, long now)
            throws IOException {
        requireNonNull(node, "node");
        var link = RawLink.open(node, selector, null);
        var invoke = history.started(history.invoke(now, racer, "attach").withNode(node.node()));
        var birth = new RacerBirth(link, crypto.startHandshake(), invoke, history, now);
        link.owner(birth);
        link.send(birth.init);
        return birth;
    }

    RawLink link() {
        return link;
    }

    /** Resends the INIT; true (and the attempt recorded as unknown, its socket closed) once past the deadline. */
    boolean expired(long now) {
        if (over) {
            return true;
        }
        if (now - deadline >= 0) {
            finish(invoke.info(now, "no answer to the handshake"));
            return true;
        }
        if (now - resendAt >= 0) {
            resendAt = now + RESEND_NANOS;
            link.send(init);
        }
        return false;
    }

    /** Whether the attempt ended without a session (refused, or past its deadline). */
    boolean failed() {
        return over;
    }

    /**
     * A frame on the handshake's socket: the attachment once a verified ACK came (the socket then belongs to it), empty
     * otherwise; a verified reject ends the attempt ({@link #failed()}).
     */
    Optional<Attachment> reply(Object frame, long now) {
        if (over) {
            return Optional.empty();
        }
        ReplyOutcome outcome;
        switch (frame) {
            case HandshakeAck ack -> outcome = pending.complete(ack);
            case HandshakeReject reject -> outcome = pending.complete(reject);
            case CookieChallenge challenge -> {
                pending.answer(challenge).ifPresent(answered -> {
                    init = FrameCodec.encode(answered);
                    link.send(init);
                });
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
        return switch (outcome) {
            case ReplyOutcome.Established established -> {
                var attachment = established.attachment();
                over = true;
                history.completed(invoke.withSession(attachment.sessionId()).ok(now, attachment.version()));
                yield Optional.of(attachment);
            }
            case ReplyOutcome.Rejected rejected -> {
                finish(invoke.fail(now, rejected.code().name()));
                yield Optional.empty();
            }
            case ReplyOutcome.Invalid ignored -> Optional.empty();
        };
    }

    /** The racer stopped while the handshake was in flight. */
    void abandon(long now) {
        if (!over) {
            finish(invoke.info(now, "the racer stopped"));
        }
    }

    private void finish(Operation completion) {
        over = true;
        history.completed(completion);
        link.close();
    }
}
