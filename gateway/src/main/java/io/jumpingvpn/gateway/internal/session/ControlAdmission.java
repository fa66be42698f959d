package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.protocol.wire.SignedFrame;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Admission of signed requests (HANDSHAKE_INIT, REATTACH_REQUEST) to the control executor, where their signatures and
 * key exchanges are checked. Under a burst (a node's thousand agents reattaching at once after another node failed)
 * the queue is the backlog, and two kinds of work in it are wasted: copies of a request that an agent resends every
 * heartbeat interval while the first still waits, and requests older than an agent waits for their answer
 * ({@code HEARTBEAT_VOLATILE_MS}: by then it has given up that attempt and sent a new request). Verifying them would
 * delay the answers that still count until none arrives in time. So an identical copy from the same source is dropped
 * while the first waits ({@code DUPLICATE}), and a request that waited too long is dropped unanswered when its turn
 * comes ({@code STALE}); a full queue drops it at once ({@code OVERLOADED}). Nothing here answers: an agent treats
 * silence as the end of an attempt, and the next attempt is a fresh request.
 *
 * <p>A copy is identified by the request id, the signature and the source: an identical copy changes nothing, while
 * a forged request that reuses an honest one's signed part with another signature or from another address is a
 * different copy and cannot push the honest one out.
 */
final class ControlAdmission {

    private final Executor control;
    private final long patienceNanos;
    private final LongSupplier nanoClock;
    private final Consumer<Refusal> dropped;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /**
     * @param patienceNanos how long an agent waits for an answer ({@code HEARTBEAT_VOLATILE_MS})
     * @param nanoClock the node's monotonic clock
     * @param dropped counts what is dropped, by reason
     */
    ControlAdmission(Executor control, long patienceNanos, LongSupplier nanoClock, Consumer<Refusal> dropped) {
        this.control = requireNonNull(control, "control");
        if (patienceNanos <= 0) {
            throw new IllegalArgumentException("patienceNanos must be > 0, got " + patienceNanos);
        }
        this.patienceNanos = patienceNanos;
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.dropped = requireNonNull(dropped, "dropped");
    }

    /** What tells copies of {@code frame} apart: its request id, its signature and where it came from. */
    static String copy(SignedFrame frame, String requestId, InetSocketAddress sender) {
        return requestId + ' ' + HexFormat.of().formatHex(frame.signature().bytes()) + ' ' + sender;
    }

    /** Runs {@code work} on the control executor unless {@code copy} waits there already or waits too long. */
    void submit(String copy, Runnable work) {
        requireNonNull(copy, "copy");
        requireNonNull(work, "work");
        if (!waiting.add(copy)) {
            dropped.accept(Refusal.DUPLICATE);
            return;
        }
        long arrived = nanoClock.getAsLong();
        try {
            control.execute(() -> {
                waiting.remove(copy);
                if (nanoClock.getAsLong() - arrived > patienceNanos) {
                    dropped.accept(Refusal.STALE);
                    return;
                }
                work.run();
            });
        } catch (RejectedExecutionException e) {
            waiting.remove(copy);
            dropped.accept(Refusal.OVERLOADED);
        }
    }

    /** Requests waiting now (for tests and the curious). */
    int waiting() {
        return waiting.size();
    }
}
