package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.gateway.SessionView;
import io.jumpingvpn.gateway.TerminateOutcome;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.gateway.audit.Audit;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.egress.Egress;
import io.jumpingvpn.gateway.internal.flood.FloodGuard;
import io.jumpingvpn.gateway.internal.history.NodeHistory;
import io.jumpingvpn.gateway.internal.lease.LeaseKeeper;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.transport.FrameSink;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.CookieJar;
import io.jumpingvpn.protocol.crypto.GatewayCrypto;
import io.jumpingvpn.protocol.crypto.HandshakeReplayFilter;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LocalSessionStore;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The session service of one node, assembled: frame routing, handshakes, reattaches, the live control plane, the data
 * path, detection and the sweep, reconciliation of unknown outcomes, terminations. See docs/gateway.md for the
 * threading model (event loops, session lanes, the control executor, the sweeper).
 */
public final class SessionService implements AutoCloseable {

    private static final int CONTROL_QUEUE = 4096;
    /** Verified handshake ids remembered at once (about 100 bytes each); beyond it, handshakes are RATE_LIMITED. */
    private static final int REPLAY_FILTER_CAPACITY = 100_000;

    private final Context context;
    private final SessionTable table = new SessionTable();
    private final Lanes lanes;
    private final ThreadPoolExecutor control;
    private final FrameRouter router;
    private final Terminator terminator;
    private final Binder binder;
    private final Sweeper sweeper;
    private final Ownership ownership;
    private final Partition partition;
    private final Transfers transfers;
    /** Sticky routing's hand-overs between nodes' own stores; empty on a shared store. */
    private final Optional<Handoffs> handoffs;

    /** The session service of a node on a shared store. */
    public SessionService(
            GatewayConfig config,
            SessionStore store,
            GatewayMetrics metrics,
            Audit audit,
            NodeHistory history,
            LeaseKeeper lease,
            Egress egress,
            EventLoopGroup group) {
        this(config, store, metrics, audit, history, lease, egress, group, SessionRouter.SHARED, Optional.empty());
    }

    /**
     * The session service of a node routed by {@code router}; under sticky routing {@code local} is the node's own store
     * (the same one as {@code store}, not metered), which hands sessions to other nodes and takes theirs.
     */
    public SessionService(
            GatewayConfig config,
            SessionStore store,
            GatewayMetrics metrics,
            Audit audit,
            NodeHistory history,
            LeaseKeeper lease,
            Egress egress,
            EventLoopGroup group,
            SessionRouter router,
            Optional<LocalSessionStore> local) {
        requireNonNull(config, "config");
        var random = new SecureRandom();
        var policy = config.policy();
        var crypto =
                new GatewayCrypto(config.keys().gatewayKey(), config.clock(), random, policy.reattachProofMaxAge());
        var events = new Events(audit, metrics, config.clock(), config.nodeId().value());
        this.context =
                new Context(config, store, crypto, metrics, events, history, lease, egress, table, random, router);
        this.lanes = new Lanes(group, table::contains);
        int threads = Math.max(1, config.ioThreads() / 2);
        this.control = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CONTROL_QUEUE),
                Thread.ofPlatform().name("jvpn-control-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        var dataPlane = new DataPlane(context);
        this.binder = new Binder(context, dataPlane);
        var reconciler = new Reconciler(context, binder);
        this.terminator = new Terminator(context, binder, reconciler);
        var controlPlane = new ControlPlane(context, terminator, binder, reconciler);
        var detector = new Detector(context, binder, terminator, controlPlane);
        var switches = new SwitchLimiter();
        var flood = new FloodGuard(config.flood(), config.monotonicClock());
        var cookies = new CookieJar(config.clock(), random, CookieJar.DEFAULT_ROTATION);
        var replayFilter =
                new HandshakeReplayFilter(config.clock(), policy.reattachProofMaxAge(), REPLAY_FILTER_CAPACITY);
        var admission =
                new ControlAdmission(control, policy.heartbeatVolatile().toNanos(), context::now, metrics::refused);
        var handshakes = new Handshakes(
                context,
                config.keys().allowlist(),
                flood,
                cookies,
                replayFilter,
                control,
                admission,
                lanes,
                binder,
                detector,
                reconciler);
        var rebinder = new Rebinder(context, binder, detector);
        var reattaches = new Reattaches(
                context, config.keys().allowlist(), flood, control, admission, lanes, reconciler, switches, rebinder);
        this.router = new FrameRouter(context, handshakes, reattaches, dataPlane, controlPlane, detector, lanes);
        this.ownership = new Ownership(context, lanes, binder, terminator);
        this.partition = new Partition(context, lanes, binder, terminator, reconciler, detector);
        this.transfers = new Transfers(context, lanes, binder, reconciler);
        this.handoffs = local.map(own -> new Handoffs(context, lanes, binder, reconciler, own));
        this.sweeper = new Sweeper(context, lanes, detector, reconciler, switches, partition, sweepInterval(config));
        for (var state :
                List.of(SessionState.ATTACHED, SessionState.VOLATILE, SessionState.DEGRADED, SessionState.RECOVERING)) {
            Gauge.builder("jvpn.gateway.sessions", table, t -> t.countByState().getOrDefault(state, 0))
                    .tag("state", state.name())
                    .description("sessions this node holds, by state")
                    .register(metrics.registry());
        }
    }

    /** Half a heartbeat interval, between 10 and 250 ms: detection is at most that late. */
    static Duration sweepInterval(GatewayConfig config) {
        long half = config.policy().heartbeatInterval().toMillis() / 2;
        return Duration.ofMillis(Math.clamp(half, 10, 250));
    }

    public FrameSink frameSink() {
        return router;
    }

    /** Starts the sweep and watches ownership news for {@code self}, the node's registration. */
    public void start(NodeRef self) {
        ownership.watch(self);
        sweeper.start();
    }

    /** What the node lease tells the sessions: hand-overs, a lost lease, a new registration. */
    public LeaseKeeper.Listener leaseListener() {
        return new LeaseKeeper.Listener() {
            @Override
            public void handedOver(List<Handover> handovers) {
                ownership.handedOver(handovers);
            }

            @Override
            public void ownershipLost(NodeRef lost, TerminationCode code) {
                SessionService.this.ownershipLost(lost, code);
            }

            @Override
            public void registered(NodeRef current) {
                ownership.watch(current);
                partition.registered(current);
            }
        };
    }

    /** The ids of the sessions this node holds, in no particular order. */
    public List<SessionId> heldIds() {
        return table.snapshot().stream()
                .filter(session -> !session.gone)
                .map(session -> session.id)
                .toList();
    }

    /** Sessions held here (those waiting without a transport included). */
    public int held() {
        return table.size();
    }

    /** Sessions held here with a transport (those an agent can still be told to leave). */
    public int bound() {
        int bound = 0;
        for (var session : table.all()) {
            if (!session.gone && session.link != null) {
                bound++;
            }
        }
        return bound;
    }

    /**
     * Moves a session held here to {@code target}: freeze, transfer, REDIRECT its agent to {@code redirectTo}, forget
     * it. Resumed here if the store refuses.
     */
    public CompletionStage<TransferOutcome> moveAway(
            SessionId id,
            NodeRef target,
            Optional<ClusterMember> redirectTo,
            RedirectReason reason,
            String cause,
            Operator operator) {
        return transfers.moveAway(id, target, redirectTo, reason, cause, operator);
    }

    /** Tells the agent of a session held here to reattach at the next of {@code peers}; false if it cannot be told. */
    public CompletionStage<Boolean> redirect(SessionId id, Redirector peers, RedirectReason reason) {
        return transfers.redirect(id, peers, reason);
    }

    /**
     * Sticky routing: hands a session held here to {@code target} through {@code importer} (freeze, import there,
     * REDIRECT, evict, forget); it resumes here if the target refuses.
     */
    public CompletionStage<TransferOutcome> handOff(
            SessionId id,
            ClusterMember target,
            BiFunction<ClusterMember, SessionHandoff, CompletionStage<ImportOutcome>> importer,
            Operator operator) {
        return sticky().handOff(id, target, importer, operator);
    }

    /** Sticky routing: stores a session handed over by another node, held here without a transport until its agent comes. */
    public CompletionStage<ImportOutcome> importSession(SessionHandoff handoff) {
        return sticky().accept(handoff);
    }

    private Handoffs sticky() {
        return handoffs.orElseThrow(() -> new IllegalStateException("hand-overs need a store local to this node"));
    }

    /** Takes a dead node's session over (a failover); refused by the store while that node's lease lives. */
    public CompletionStage<TransferOutcome> takeOver(SessionRecord record, String cause, Operator operator) {
        return transfers.takeOver(record, cause, operator);
    }

    /** While draining, handshakes are refused and reattaches sent to {@code redirector}'s peers; null ends it. */
    public void drain(Redirector redirector) {
        context.drain(redirector);
    }

    /** An operator action, audited. */
    public void adminAction(
            Optional<String> session, String action, Operator operator, String target, String result, String detail) {
        context.events.adminAction(session, action, operator, target, result, detail);
    }

    /** The sessions this node holds, by id. */
    public List<SessionView> sessions() {
        long now = context.now();
        return table.all().stream()
                .filter(session -> session.viewState != null)
                .map(session -> view(session, now))
                .sorted(Comparator.comparing(view -> view.id().value()))
                .toList();
    }

    private SessionView view(LocalSession session, long now) {
        long lost = session.viewTransportLostNanos;
        var link = session.link;
        return new SessionView(
                session.id,
                session.viewState,
                session.viewVersion,
                Optional.ofNullable(session.viewBinding),
                session.viewOwner,
                Duration.ofNanos(now - session.firstSeenNanos),
                lost >= 0 && session.viewBinding == null ? Optional.of(Duration.ofNanos(now - lost)) : Optional.empty(),
                link == null ? 0 : link.version(),
                link != null && link.gate().forwarding() && context.lease.proven());
    }

    /**
     * Terminates a session on an operator's word: the one held here through its lane (its agent is told), any other by
     * an operator commit at the version the store holds.
     */
    public CompletionStage<TerminateOutcome> terminate(SessionId id, TerminationCode code) {
        requireNonNull(id, "id");
        requireNonNull(code, "code");
        return lanes.call(id.value(), lane -> {
            var session = table.get(id.value());
            if (session != null) {
                return terminator
                        .terminate(session, SessionEvent.terminatingWith(code), Terminator.Mode.OPERATOR, lane)
                        .thenApply(version -> version.isPresent()
                                ? new TerminateOutcome.Terminated(id, version.getAsLong())
                                : (TerminateOutcome) new TerminateOutcome.NotTerminated(
                                        id, "terminated here, but the store did not record it"));
            }
            return StoreCalls.read(context.store.read(id), context.storeTimeout)
                    .thenComposeAsync(read -> terminateRemote(id, code, read), lane);
        });
    }

    private CompletionStage<TerminateOutcome> terminateRemote(SessionId id, TerminationCode code, ReadResult read) {
        if (!(read instanceof ReadResult.Found found)) {
            return CompletableFuture.completedFuture(new TerminateOutcome.NotTerminated(id, "lookup: " + read));
        }
        var commit = new TerminateCommit(
                id,
                found.record().version(),
                context.node(),
                code.name(),
                TerminateCommit.Authority.OPERATOR,
                context.newRequestId());
        return StoreCalls.mutation(context.store.terminate(commit), context.storeTimeout)
                .thenApply(result -> switch (result) {
                    case StoreResult.Committed<SessionRecord> committed ->
                        new TerminateOutcome.Terminated(id, committed.value().version());
                    case StoreResult.Rejected<SessionRecord> rejected ->
                        new TerminateOutcome.NotTerminated(id, rejected.code() + " " + rejected.detail());
                    case StoreResult.Unknown<SessionRecord> unknown ->
                        new TerminateOutcome.NotTerminated(id, "outcome unknown: " + unknown.cause());
                });
    }

    /**
     * The node can no longer prove what it owned under {@code lost}. The store lost its state: every session held under
     * that epoch ends with {@code code}, its agent told, the store not asked. The lease lapsed: the partition policy
     * decides ({@link Partition#leaseLost}).
     */
    public void ownershipLost(NodeRef lost, TerminationCode code) {
        if (code != TerminationCode.STORE_STATE_LOST) {
            partition.leaseLost(lost);
            return;
        }
        var event = SessionEvent.terminatingWith(code);
        for (var session : table.snapshot()) {
            lanes.submit(
                    session.wireId,
                    lane -> session.owner != null && !session.owner.equals(lost)
                            ? ControlPlane.done()
                            : terminator.terminate(session, event, Terminator.Mode.LOCAL_ONLY, lane));
        }
    }

    /** Stops the sweep and the control executor and stops forwarding for every session (no store writes). */
    public void close(Duration timeout) {
        ownership.close();
        sweeper.close();
        control.shutdownNow();
        var done = table.snapshot().stream()
                .map(session -> lanes.call(session.wireId, lane -> {
                            binder.unbind(session, "node shutting down", context.now());
                            session.gone = true;
                            table.remove(session);
                            return ControlPlane.done();
                        })
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Bounded: whatever did not unbind in time goes with the event loops.
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
