package io.jumpingvpn.agent.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.internal.transport.Transport;
import io.jumpingvpn.protocol.crypto.PendingHandshake;
import io.jumpingvpn.protocol.crypto.PendingReattach;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.util.Optional;

/**
 * One handshake or reattach in flight over a fresh transport: the request bytes (resent as they are on a datagram
 * transport while no answer comes), and the deadline after which the attempt has failed. Loop-confined state of
 * {@link AgentCore}.
 */
final class Attempt {

    final Transport transport;
    final Optional<PendingHandshake> handshake;
    final Optional<PendingReattach> reattach;
    final long startedNanos;
    final long deadlineNanos;
    private final long resendNanos;
    private byte[] request;
    private long lastSentNanos;
    private int sends;

    private Attempt(
            Transport transport,
            Optional<PendingHandshake> handshake,
            Optional<PendingReattach> reattach,
            byte[] request,
            long nowNanos,
            long timeoutNanos,
            long resendNanos) {
        this.transport = requireNonNull(transport, "transport");
        this.handshake = handshake;
        this.reattach = reattach;
        this.request = request;
        this.startedNanos = nowNanos;
        this.deadlineNanos = nowNanos + timeoutNanos;
        this.resendNanos = resendNanos;
    }

    static Attempt handshake(
            Transport transport, PendingHandshake pending, long nowNanos, long timeoutNanos, long resendNanos) {
        return new Attempt(
                transport,
                Optional.of(pending),
                Optional.empty(),
                FrameCodec.encode(pending.init()),
                nowNanos,
                timeoutNanos,
                resendNanos);
    }

    static Attempt reattach(
            Transport transport, PendingReattach pending, long nowNanos, long timeoutNanos, long resendNanos) {
        return new Attempt(
                transport,
                Optional.empty(),
                Optional.of(pending),
                FrameCodec.encode(pending.request()),
                nowNanos,
                timeoutNanos,
                resendNanos);
    }

    int candidateId() {
        return transport.candidateId();
    }

    /** The bytes to send (again). */
    byte[] request() {
        return request;
    }

    /** A cookie answer replaces the request: later resends carry the cookie. */
    void replaceRequest(byte[] bytes) {
        this.request = requireNonNull(bytes, "bytes");
    }

    void sent(long nowNanos) {
        lastSentNanos = nowNanos;
        sends++;
    }

    /** Whether this is the first send (the request is announced once). */
    boolean neverSent() {
        return sends == 0;
    }

    /** Datagrams get lost: resend the same bytes every resend interval. A stream delivers or breaks; no resend. */
    boolean resendDue(long nowNanos) {
        return sends > 0
                && transport.candidate().kind() == TransportKind.UDP
                && transport.isActive()
                && nowNanos - lastSentNanos >= resendNanos;
    }

    boolean isTimedOut(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }
}
