package io.jumpingvpn.agent.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentStatus;
import io.jumpingvpn.agent.SwitchOutcome;
import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.agent.internal.selection.CandidateBook;
import io.jumpingvpn.agent.internal.selection.SwitchLimiter;
import io.jumpingvpn.agent.internal.transport.Endpoints;
import io.jumpingvpn.agent.internal.transport.LocalForward;
import io.jumpingvpn.agent.internal.transport.NettyRuntime;
import io.jumpingvpn.agent.internal.transport.Transport;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.DropReason;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.Terminate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The running agent: one session, driven on one event-loop thread. Everything mutable here is touched only on that
 * thread; the public {@code Agent} hops onto it for every command and reads the {@code volatile} views for status.
 *
 * <p>The session's state and versions live in the protocol's {@link SessionLedger} (the version rule); this class
 * feeds it events and commits and acts on its steps. The live attachment is handled by {@link LivePhase}, the birth
 * and every recovery by {@link AttachPhase}.
 */
public final class AgentCore implements Transport.Listener {

    final AgentConfig config;
    final Policy policy;
    final NettyRuntime runtime;
    final EventLoop loop;
    final AgentCrypto crypto;
    final Emitter emit;
    final Counters counters = new Counters();
    final CandidateBook book;
    final SwitchLimiter limiter;
    final SessionLedger ledger = SessionLedger.birth();
    final long startNanos;
    final LivePhase live;
    final AttachPhase attach;

    private final Optional<AgentHistory> ownedHistory;
    private final CompletableFuture<AgentEnd> end = new CompletableFuture<>();
    private final CompletableFuture<Void> farewell = new CompletableFuture<>();
    private LocalForward forward;
    private ScheduledFuture<?> ticker;
    private long tickNanos;

    String sessionId;
    LiveLink link;
    Attempt attempt;
    AttachCampaign campaign;
    int generation;
    boolean ended;

    private final StatusBoard board = new StatusBoard();

    public AgentCore(AgentConfig config, NettyRuntime runtime, Optional<AgentHistory> ownedHistory) {
        this.config = requireNonNull(config, "config");
        this.runtime = requireNonNull(runtime, "runtime");
        this.ownedHistory = requireNonNull(ownedHistory, "ownedHistory");
        this.policy = config.policy();
        this.loop = runtime.loop();
        this.crypto =
                new AgentCrypto(config.keys().agentKey(), config.keys().gatewayKey(), config.clock(), config.random());
        this.emit = new Emitter(config.name(), config.listener(), ownedHistory.or(config::history));
        this.book = new CandidateBook(config.gateways(), TimeUnit.SECONDS.toNanos(60));
        this.limiter = new SwitchLimiter(
                policy.maxSwitchesPerMinute(), policy.switchCooldown().toNanos());
        this.startNanos = now();
        this.live = new LivePhase(this);
        this.attach = new AttachPhase(this);
    }

    long now() {
        return config.nanoTime().getAsLong();
    }

    // ----- lifecycle (called by Agent) -----

    /** Binds the local forward, if any; called once before {@link #start()}, off the loop. */
    public void bindForward(InetSocketAddress address) throws IOException {
        forward = LocalForward.bind(runtime, address, this::onLocalDatagram, config.closeTimeout());
    }

    public Optional<InetSocketAddress> forwardAddress() {
        return Optional.ofNullable(forward).map(LocalForward::boundAddress);
    }

    /** Starts the birth; on the loop. */
    public void start() {
        schedule(policy.heartbeatInterval().toNanos());
        attach.beginBirth();
    }

    public CompletableFuture<AgentEnd> end() {
        return end;
    }

    /** Ends the run as the operator asked: TERMINATE(OPERATOR_TERMINATE) if attached. On the loop. */
    public CompletableFuture<Void> operatorClose() {
        if (!ended) {
            if (sessionId == null) {
                birthFailed("closed before a session was born", Optional.empty());
            } else {
                terminate(SessionEvent.OPERATOR_TERMINATE, "closed by the operator", true);
            }
        }
        return farewell;
    }

    /** Releases the forward and the owned history; off the loop, after the loop stopped. */
    public void releaseResources() {
        if (forward != null) {
            forward.close();
        }
        ownedHistory.ifPresent(AgentHistory::close);
    }

    // ----- commands (on the loop) -----

    public void killTransport() {
        if (link != null) {
            link.transport.kill();
        } else if (attempt != null) {
            attempt.transport.kill();
        }
    }

    public SwitchOutcome switchTo(Candidate target) {
        if (ended || link == null) {
            return new SwitchOutcome.Refused(SwitchOutcome.Reason.NOT_ATTACHED, "the session is " + ledger.state());
        }
        try {
            Endpoints.checkDialable(target);
        } catch (IllegalArgumentException e) {
            return new SwitchOutcome.Refused(SwitchOutcome.Reason.BAD_TARGET, e.getMessage());
        }
        var id = book.learn(target);
        if (id.isEmpty()) {
            return new SwitchOutcome.Refused(
                    SwitchOutcome.Reason.BAD_TARGET, "too many learned candidates (" + CandidateBook.MAX_LEARNED + ")");
        }
        long now = now();
        if (!limiter.allows(now)) {
            long waitMs = TimeUnit.NANOSECONDS.toMillis(limiter.nextAllowedAt(now) - now);
            return new SwitchOutcome.Refused(
                    SwitchOutcome.Reason.SWITCH_LIMIT, "the switch limits allow the next switch in " + waitMs + " ms");
        }
        live.leave(AgentEvent.LossCause.REQUESTED, OptionalInt.of(id.get()), now);
        return new SwitchOutcome.Started();
    }

    /** Sends {@code payload} as DATA if attached; false when it was dropped (and counted). */
    public boolean send(ByteBuffer payload) {
        return live.sendData(payload);
    }

    /** Counts a payload dropped before it reached the loop. */
    public void countDropped() {
        counters.localDropped.incrementAndGet();
    }

    private void onLocalDatagram(ByteBuf payload, InetSocketAddress sender) {
        live.sendData(payload.nioBuffer());
    }

    /** Delivers an accepted DATA payload to the local forward's last sender and the data handler. */
    void deliver(ByteBuffer payload) {
        if (forward != null) {
            forward.reply(payload.duplicate());
        }
        try {
            config.dataHandler().onData(payload.asReadOnlyBuffer());
        } catch (RuntimeException e) {
            emit.log().warn("{}: the data handler failed", config.name(), e);
        }
    }

    // ----- transport callbacks (on the loop) -----

    @Override
    public void onActive(Transport transport) {
        if (attempt != null && attempt.transport == transport) {
            attach.sendRequest(now());
        }
    }

    @Override
    public void onFrame(Transport transport, Frame frame) {
        if (ended) {
            return;
        }
        if (link != null && link.transport == transport) {
            live.onFrame(frame, now());
        } else if (attempt != null && attempt.transport == transport) {
            attach.onFrame(frame, now());
        } else {
            // A frame from a transport the session already left.
            counters.framesRejected.incrementAndGet();
        }
    }

    @Override
    public void onMalformed(Transport transport, DropReason reason, String detail) {
        counters.malformedDropped.incrementAndGet();
        emit.log().debug("{}: dropped {} from {}: {}", config.name(), reason, transport, detail);
    }

    @Override
    public void onFailed(Transport transport, String why) {
        lost(transport, why);
    }

    @Override
    public void onClosed(Transport transport) {
        lost(transport, transport.wasKilled() ? "killed" : "the connection closed");
    }

    private void lost(Transport transport, String why) {
        if (ended) {
            return;
        }
        long now = now();
        if (link != null && link.transport == transport) {
            emit.log().debug("{}: transport {} lost: {}", config.name(), transport, why);
            live.leave(
                    transport.wasKilled() ? AgentEvent.LossCause.KILLED : AgentEvent.LossCause.CLOSED,
                    OptionalInt.empty(),
                    now);
        } else if (attempt != null && attempt.transport == transport) {
            attach.attemptFailed(why, true, now);
        }
    }

    // ----- the tick -----

    /** (Re)schedules the tick for a heartbeat interval: a fifth of it, between 2 and 50 ms. */
    void schedule(long intervalNanos) {
        long period =
                Math.clamp(intervalNanos / 5, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(50));
        if (ticker != null && period == tickNanos) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        tickNanos = period;
        ticker = loop.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (ended) {
            return;
        }
        try {
            long now = now();
            if (campaign != null) {
                attach.tick(now);
            } else if (link != null) {
                live.tick(now);
            }
            publish(now);
        } catch (RuntimeException e) {
            // A bug must end the session explicitly rather than leave it hanging.
            emit.log().error("{}: internal error; terminating the session", config.name(), e);
            if (sessionId == null) {
                birthFailed("internal error: " + e, Optional.empty());
            } else {
                terminate(SessionEvent.PROTOCOL_VIOLATION, "internal error: " + e, true);
            }
        }
    }

    // ----- steps of the ledger -----

    /** Reports what a ledger step changed; ends the run on a termination. */
    void onStep(Step step, String detail, boolean notifyGateway) {
        long now = now();
        switch (step) {
            case Step.Pending pending -> emit.stateChanged(now, sessionId, pending.transition());
            case Step.Committed committed -> emit.stateChanged(now, sessionId, committed.last());
            case Step.Terminated terminated -> finish(terminated, detail, notifyGateway);
            case Step.Proposed proposed -> {}
            case Step.VersionAdopted adopted ->
                emit.event(new AgentEvent.VersionAdopted(now, adopted.previousVersion(), adopted.version()));
            case Step.Ignored ignored ->
                emit.log().debug("{}: ledger ignored a step: {}", config.name(), ignored.detail());
        }
        publish(now);
    }

    /** Terminates the session with {@code event} ({@code notifyGateway}: send TERMINATE over a live transport). */
    void terminate(SessionEvent event, String detail, boolean notifyGateway) {
        onStep(ledger.on(event), detail, notifyGateway);
    }

    private void finish(Step.Terminated terminated, String detail, boolean notifyGateway) {
        if (ended) {
            return;
        }
        ended = true;
        long now = now();
        var last = terminated.last();
        var code = terminated.code();
        emit.log()
                .info(
                        "{}: session {} terminated with {} at version {}: {}",
                        config.name(),
                        sessionId,
                        code,
                        last.version(),
                        detail);
        emit.stateChanged(now, sessionId, last);
        emit.terminated(now, sessionId, code.name(), last.version());
        if (link != null && notifyGateway) {
            var farewellFrame = link.channel.seal(new Terminate(code, Math.max(1, ledger.confirmedVersion())));
            counters.framesSent.incrementAndGet();
            link.transport.sendAndClose(farewellFrame, () -> farewell.complete(null));
        } else {
            if (link != null) {
                link.transport.close();
            }
            farewell.complete(null);
        }
        closeAttempt();
        link = null;
        campaign = null;
        stopTicking();
        emit.event(new AgentEvent.Terminated(now, sessionId, code, last.version(), detail));
        publish(now);
        end.complete(new AgentEnd.SessionTerminated(sessionId, code, last.version(), detail));
    }

    void birthFailed(String detail, Optional<RejectCode> code) {
        if (ended) {
            return;
        }
        ended = true;
        long now = now();
        emit.log().warn("{}: no session: {}", config.name(), detail);
        closeAttempt();
        campaign = null;
        stopTicking();
        farewell.complete(null);
        emit.event(new AgentEvent.BirthFailed(now, detail, code));
        publish(now);
        end.complete(new AgentEnd.BirthFailed(detail, code));
    }

    void closeAttempt() {
        if (attempt != null) {
            attempt.transport.close();
            attempt = null;
        }
    }

    private void stopTicking() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    // ----- status -----

    /** Refreshes what status() reads. */
    void publish(long now) {
        board.publish(sessionId, ledger, link, now);
    }

    /** Whether the session is on a live transport (ATTACHED, VOLATILE, DEGRADED), from any thread. */
    public boolean isAttached() {
        return board.isAttached();
    }

    /** A snapshot from any thread. */
    public AgentStatus status() {
        return board.status(
                config.name(),
                forwardAddress(),
                Optional.ofNullable(end.getNow(null)),
                counters.snapshot(emit.historyDropped()));
    }
}
