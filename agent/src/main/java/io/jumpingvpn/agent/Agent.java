package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.agent.internal.AgentCore;
import io.jumpingvpn.agent.internal.transport.NettyRuntime;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running agent: the client side of one session that survives its transports. Start one with
 * {@link #start(AgentConfig)}; it performs the handshake, keeps the session attached (heartbeats, quality, switches,
 * reattaches) and carries traffic until the session terminates or {@link #close()} is called. Thread-safe: every
 * method may be called from any thread; the session itself runs on the agent's own event-loop thread (or one loop of
 * a shared {@link AgentRuntime}), where listener and data callbacks are invoked.
 *
 * <p>When the session ends on its own (a termination code, or no birth), the agent stays closable: {@link #ended()}
 * completes, {@link #status()} keeps answering, and {@link #close()} releases the threads and sockets.
 */
public final class Agent implements AutoCloseable {

    /** At most this many {@link #send} payloads wait for the loop; more are dropped and counted. */
    static final int MAX_PENDING_SENDS = 4096;

    private final AgentConfig config;
    private final NettyRuntime runtime;
    private final AgentCore core;
    private final AtomicInteger pendingSends = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Agent(AgentConfig config, NettyRuntime runtime, AgentCore core) {
        this.config = config;
        this.runtime = runtime;
        this.core = core;
    }

    /**
     * Starts an agent: opens its history, binds its local forward (failing with a one-line {@link IOException} naming
     * the address if it cannot), and begins the handshake with the best-ranked candidate. Returns at once; use
     * {@link #awaitAttached} to wait for the session.
     */
    public static Agent start(AgentConfig config) throws IOException {
        requireNonNull(config, "config");
        // First, so that a closed shared runtime refuses before anything is opened.
        var runtime = config.runtime().map(AgentRuntime::share).orElseGet(() -> NettyRuntime.start(config.name()));
        Optional<AgentHistory> ownedHistory = Optional.empty();
        if (config.historyFile().isPresent()) {
            var file = config.historyFile().get();
            try {
                ownedHistory = Optional.of(AgentHistory.open(file));
            } catch (IOException e) {
                runtime.shutdown(config.closeTimeout());
                throw new IOException("agent history " + file + ": cannot open (" + e.getMessage() + ")", e);
            }
        }
        var core = new AgentCore(config, runtime, ownedHistory);
        try {
            if (config.forward().isPresent()) {
                core.bindForward(config.forward().get());
            }
            runtime.loop().execute(core::start);
        } catch (IOException | RuntimeException e) {
            runtime.shutdown(config.closeTimeout());
            core.releaseResources();
            if (e instanceof RejectedExecutionException) {
                throw new IllegalStateException("the agent's runtime was closed while the agent started", e);
            }
            throw e;
        }
        return new Agent(config, runtime, core);
    }

    public AgentConfig config() {
        return config;
    }

    /**
     * Waits up to {@code timeout} for the session to be attached (ATTACHED, VOLATILE or DEGRADED) and says what it saw:
     * attached, not yet (with the state), or ended.
     */
    public AttachOutcome awaitAttached(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var status = status();
            if (status.end().isPresent()) {
                return new AttachOutcome.Ended(status.end().get());
            }
            if (status.isAttached() && status.sessionId().isPresent()) {
                return new AttachOutcome.Attached(status.sessionId().get(), status.confirmedVersion());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new AttachOutcome.NotYet(status.state());
            }
            Thread.sleep(Math.max(1, Math.min(5, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /** A snapshot of the session and the counters. */
    public AgentStatus status() {
        return core.status();
    }

    /** Completes when the run ends: the session terminated (any code) or no session was born. */
    public CompletableFuture<AgentEnd> ended() {
        return core.end().copy();
    }

    /**
     * Sends {@code payload}'s remaining bytes through the tunnel as one DATA frame (copied; the buffer is not
     * consumed). Returns false when the payload was dropped: the session is not attached, or too many sends are
     * waiting. Payloads above {@link WireFormat#MAX_DATA_PAYLOAD} bytes are refused with an exception.
     */
    public boolean send(ByteBuffer payload) {
        requireNonNull(payload, "payload");
        if (payload.remaining() > WireFormat.MAX_DATA_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload must be at most " + WireFormat.MAX_DATA_PAYLOAD + " bytes, got " + payload.remaining());
        }
        boolean attached = core.isAttached();
        if (!attached || pendingSends.incrementAndGet() > MAX_PENDING_SENDS) {
            if (attached) {
                pendingSends.decrementAndGet();
            }
            core.countDropped();
            return false;
        }
        var copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        try {
            runtime.loop().execute(() -> {
                pendingSends.decrementAndGet();
                core.send(copy);
            });
        } catch (RejectedExecutionException e) {
            pendingSends.decrementAndGet();
            core.countDropped();
            return false;
        }
        return true;
    }

    /**
     * Closes the current transport's socket abruptly, as a network change would (a TCP connection is reset). The
     * session notices like any transport loss: RECOVERING, then a reattach over a new socket (a new source port).
     */
    public void killTransport() {
        onLoop(core::killTransport);
    }

    /**
     * Moves the session to {@code target} now (it may be the current candidate: a reattach over a new socket), within
     * the switch limits; {@code target} is learned if it is not configured. The switch then runs like any other.
     */
    public CompletableFuture<SwitchOutcome> switchTo(Candidate target) {
        requireNonNull(target, "target");
        var outcome = new CompletableFuture<SwitchOutcome>();
        if (!onLoop(() -> outcome.complete(core.switchTo(target)))) {
            outcome.complete(new SwitchOutcome.Refused(SwitchOutcome.Reason.NOT_ATTACHED, "the agent is closed"));
        }
        return outcome;
    }

    private boolean onLoop(Runnable task) {
        try {
            runtime.loop().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Ends the run: if the session is attached, sends TERMINATE with {@code OPERATOR_TERMINATE}; then stops the loop
     * (not a shared {@link AgentRuntime}'s, which its owner stops), closes the sockets and the history. Waits at most about twice {@link AgentConfig#closeTimeout()}. Idempotent.
     * Called from the agent's own thread (a listener), it returns at once and finishes in the background.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        var farewell = new CompletableFuture<Void>();
        if (!onLoop(() -> core.operatorClose().whenComplete((ok, error) -> farewell.complete(null)))) {
            farewell.complete(null);
        }
        if (runtime.loop().inEventLoop()) {
            Thread.ofPlatform().daemon().name("jvpn-agent-close").start(() -> release(farewell));
            return;
        }
        release(farewell);
    }

    private void release(CompletableFuture<Void> farewell) {
        var timeout = config.closeTimeout();
        try {
            farewell.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Bounded: the TERMINATE is best effort; the gateway's TTLs end the session anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.shutdown(timeout);
        core.releaseResources();
    }

    @Override
    public String toString() {
        return "Agent[" + config.name() + ", " + status().state() + "]";
    }
}
