package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import java.io.IOException;

/**
 * A captured REATTACH_REQUEST that was acknowledged, sent again byte for byte, later, to another node over a new socket:
 * what an attacker on the path could do. It must be refused (its nonce is used, its version is old, or it is too old to
 * be fresh). A {@code replay} operation: fail with the refusal's code, ok (an anomaly) if a node acknowledged it, info
 * if nothing answered.
 *
 * <p>The racer cannot verify the answer's signature (the attempt it belonged to is complete); it matches the answer to
 * the request by session and nonce. For an observation of a refusal that is enough.
 */
final class Replay {

    private static final long MS = 1_000_000L;
    private static final long RESEND_NANOS = 300 * MS;
    private static final long DEADLINE_NANOS = 1_500 * MS;

    /** What a replay needs of the request it repeats. */
    record Captured(byte[] request, String session, long nonce, long expectedVersion, NodeEndpoint node) {
        Captured {
            requireNonNull(request, "request");
            requireNonNull(session, "session");
            requireNonNull(node, "node");
        }
    }

    private final Racer racer;
    private final RawLink link;
    private final Captured captured;
    private final Operation invoke;
    private final long deadline;
    private long resendAt;
    private boolean done;

    private Replay(Racer racer, RawLink link, Captured captured, Operation invoke, long deadline) {
        this.racer = racer;
        this.link = link;
        this.captured = captured;
        this.invoke = invoke;
        this.deadline = deadline;
    }

    static Replay start(Racer racer, Captured captured, NodeEndpoint target, long now) throws IOException {
        var link = RawLink.open(target, racer.selector(), null);
        var history = racer.history();
        var invoke = history.started(history.invoke(now, racer.name(), "replay")
                .withSession(captured.session())
                .withNode(target.node())
                .withExpectedVersion(captured.expectedVersion()));
        var replay = new Replay(racer, link, captured, invoke, now + DEADLINE_NANOS);
        link.owner(replay);
        link.send(captured.request());
        replay.resendAt = now + RESEND_NANOS;
        return replay;
    }

    RawLink link() {
        return link;
    }

    void reply(Object frame, long now) {
        if (done) {
            return;
        }
        switch (frame) {
            case ReattachReject reject
            when matches(reject.sessionId(), reject.nonce()) ->
                finish(invoke.fail(now, reject.code().name()));
            case ReattachAck ack
            when matches(ack.sessionId(), ack.nonce()) -> {
                racer.anomalies().replayAccepted();
                finish(invoke.ok(now, ack.version()));
            }
            default -> {}
        }
    }

    private boolean matches(String session, long nonce) {
        return session.equals(captured.session()) && nonce == captured.nonce();
    }

    /** Resends while unanswered; true once answered or past the deadline. */
    boolean tick(long now) {
        if (done) {
            return true;
        }
        if (now - deadline >= 0) {
            finish(invoke.info(now, "no answer to the replay within 1.5 s"));
            return true;
        }
        if (now - resendAt >= 0) {
            resendAt = now + RESEND_NANOS;
            link.send(captured.request());
        }
        return false;
    }

    void abandon(long now, String why) {
        if (!done) {
            finish(invoke.info(now, why));
        }
    }

    private void finish(Operation completion) {
        done = true;
        racer.history().completed(completion);
        link.close();
    }
}
