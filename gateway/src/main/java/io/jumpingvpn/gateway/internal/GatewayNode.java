package io.jumpingvpn.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ClusterNode;
import io.jumpingvpn.gateway.DrainReport;
import io.jumpingvpn.gateway.EgressTarget;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.ListenEndpoint;
import io.jumpingvpn.gateway.MembershipOutcome;
import io.jumpingvpn.gateway.Migration;
import io.jumpingvpn.gateway.MigrationReport;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.Readiness;
import io.jumpingvpn.gateway.Routing;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.gateway.SessionView;
import io.jumpingvpn.gateway.TerminateOutcome;
import io.jumpingvpn.gateway.audit.Audit;
import io.jumpingvpn.gateway.internal.cluster.ClusterOps;
import io.jumpingvpn.gateway.internal.cluster.StickyOps;
import io.jumpingvpn.gateway.internal.cluster.StickyRouter;
import io.jumpingvpn.gateway.internal.egress.EchoEgress;
import io.jumpingvpn.gateway.internal.egress.Egress;
import io.jumpingvpn.gateway.internal.egress.UdpEgress;
import io.jumpingvpn.gateway.internal.history.NodeHistory;
import io.jumpingvpn.gateway.internal.lease.LeaseKeeper;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.session.SessionRouter;
import io.jumpingvpn.gateway.internal.session.SessionService;
import io.jumpingvpn.gateway.internal.transport.NettyTransport;
import io.jumpingvpn.gateway.internal.transport.TcpHandler;
import io.jumpingvpn.gateway.internal.transport.TcpInitializer;
import io.jumpingvpn.gateway.internal.transport.TcpServer;
import io.jumpingvpn.gateway.internal.transport.UdpHandler;
import io.jumpingvpn.gateway.internal.transport.UdpInitializer;
import io.jumpingvpn.gateway.internal.transport.UdpServer;
import io.jumpingvpn.gateway.metrics.MeteredSessionStore;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.LocalSessionStore;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node, wired: metrics, audit, history, the node lease, the egress, the session service, and the
 * servers. Started in that order (the lease is registered before any endpoint listens, so the node never answers a
 * handshake it could not commit); closed in the reverse order, each step bounded.
 */
public final class GatewayNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayNode.class);

    private final GatewayConfig config;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Audit audit;
    private final NodeHistory history;
    private final LeaseKeeper lease;
    private final Egress egress;
    private final SessionService service;
    private final ClusterOps cluster;
    /** Sticky routing's procedures; empty on a shared store. */
    private final Optional<StickyOps> sticky;

    private final SessionStore store;
    private final List<Channel> servers;
    private final List<ListenEndpoint> endpoints;
    private volatile boolean closed;
    private volatile boolean draining;

    private GatewayNode(
            GatewayConfig config,
            NettyTransport transport,
            EventLoopGroup group,
            Audit audit,
            NodeHistory history,
            LeaseKeeper lease,
            Egress egress,
            SessionService service,
            SessionStore store,
            List<Channel> servers,
            List<ListenEndpoint> endpoints,
            Optional<StickyRouter> router) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.audit = audit;
        this.history = history;
        this.lease = lease;
        this.egress = egress;
        this.service = service;
        this.store = store;
        this.cluster = new ClusterOps(config, store, service, lease::current, this::setDraining);
        this.sticky = router.map(
                r -> new StickyOps(service, r, config.cluster().importer(), lease::current, this::setDraining));
        this.servers = servers;
        this.endpoints = endpoints;
    }

    public static GatewayNode start(GatewayConfig config, SessionStore given, MeterRegistry registry) {
        requireNonNull(config, "config");
        requireNonNull(given, "store");
        requireNonNull(registry, "registry");
        // Every store call is timed and counted by outcome (jvpn.store.*); the node never closes it.
        SessionStore store = new MeteredSessionStore(given, registry);
        var local = localStore(config, given);
        var router = local.map(l -> new StickyRouter(
                config.nodeId(),
                config.cluster().members(),
                config.monotonicClock(),
                config.policy().recoveryWindow()));
        var metrics = new GatewayMetrics(registry);
        var history = openHistory(config);
        var audit = new Audit(
                config.auditSinks(),
                config.auditQueueCapacity(),
                registry,
                config.nodeId().value(),
                config.clock());
        var transport = NettyTransport.detect();
        var group = transport.newGroup(config.ioThreads(), "jvpn-io-" + config.nodeId());
        LeaseKeeper lease = null;
        SessionService service = null;
        var servers = new ArrayList<Channel>();
        try {
            lease = new LeaseKeeper(
                    store,
                    config.nodeId(),
                    config.nodeLease(),
                    config.leaseSafetyMargin(),
                    config.storeTimeout(),
                    config.monotonicClock(),
                    metrics,
                    history,
                    config.leaseProofPolicy());
            lease.register();
            var egress = egress(config, transport, group);
            service = new SessionService(
                    config,
                    store,
                    metrics,
                    audit,
                    history,
                    lease,
                    egress,
                    group,
                    router.<SessionRouter>map(r -> r).orElse(SessionRouter.SHARED),
                    local);
            var endpoints = bind(config, transport, group, service, metrics, servers);
            lease.start(service.leaseListener());
            service.start(lease.current());
            registerGauges(registry, lease);
            var node = new GatewayNode(
                    config, transport, group, audit, history, lease, egress, service, store, servers, endpoints,
                    router);
            log.info(
                    "gateway node {} ({}) listening on {}, egress {}",
                    lease.current(),
                    transport.name(),
                    endpoints,
                    config.egress());
            return node;
        } catch (RuntimeException e) {
            servers.forEach(Channel::close);
            if (service != null) {
                service.close(Duration.ofSeconds(1));
            }
            if (lease != null) {
                lease.close(config.storeTimeout());
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            audit.close(Duration.ofSeconds(1));
            history.close(Duration.ofSeconds(1));
            throw e;
        }
    }

    /** Sticky routing's own store: the node's sessions live in a store of its own, never a shared one. */
    private static Optional<LocalSessionStore> localStore(GatewayConfig config, SessionStore given) {
        if (config.cluster().routing() != Routing.STICKY) {
            return Optional.empty();
        }
        if (!(given instanceof LocalSessionStore local)) {
            throw new GatewayStartException("sticky routing keeps each node's sessions in a store of its own (store:"
                    + " memory); " + given.getClass().getSimpleName() + " is a shared store: use routing shared");
        }
        return Optional.of(local);
    }

    private static NodeHistory openHistory(GatewayConfig config) {
        if (config.historyFile().isEmpty()) {
            return NodeHistory.disabled();
        }
        var file = config.historyFile().get();
        try {
            return NodeHistory.open(file, config.nodeId().value(), config.monotonicClock());
        } catch (IOException e) {
            throw new GatewayStartException("cannot open the node history file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Egress egress(GatewayConfig config, NettyTransport transport, EventLoopGroup group) {
        return switch (config.egress()) {
            case EgressTarget.Echo echo -> new EchoEgress();
            case EgressTarget.UdpForward udp -> new UdpEgress(udp.socketAddress(), transport, group);
        };
    }

    private static List<ListenEndpoint> bind(
            GatewayConfig config,
            NettyTransport transport,
            EventLoopGroup group,
            SessionService service,
            GatewayMetrics metrics,
            List<Channel> servers) {
        var udp = new UdpInitializer(new UdpHandler(service.frameSink(), metrics));
        var idle = config.policy().heartbeatVolatile().multipliedBy(3);
        var tcp = new TcpInitializer(
                new TcpHandler(service.frameSink(), metrics),
                idle.compareTo(Duration.ofSeconds(30)) > 0 ? idle : Duration.ofSeconds(30));
        var bound = new ArrayList<ListenEndpoint>();
        for (var endpoint : config.listen()) {
            ChannelFuture future = endpoint.kind() == TransportKind.UDP
                    ? new UdpServer(endpoint, transport, group, udp).bind()
                    : new TcpServer(endpoint, transport, group, tcp).bind();
            if (!future.awaitUninterruptibly(10, TimeUnit.SECONDS) || !future.isSuccess()) {
                var cause = future.cause();
                throw new GatewayStartException(
                        "cannot listen on " + endpoint + ": "
                                + (cause == null ? "no answer within 10 s" : cause.getMessage()),
                        cause);
            }
            servers.add(future.channel());
            int port = ((InetSocketAddress) future.channel().localAddress()).getPort();
            bound.add(new ListenEndpoint(endpoint.kind(), endpoint.host(), port));
        }
        return List.copyOf(bound);
    }

    private static void registerGauges(MeterRegistry registry, LeaseKeeper lease) {
        Gauge.builder("jvpn.gateway.lease.age", lease, keeper -> {
                    long age = keeper.proof().ageNanos();
                    return age < 0 ? Double.NaN : age / 1e9;
                })
                .baseUnit("seconds")
                .description("time since the start of the last successful lease renewal")
                .register(registry);
        Gauge.builder("jvpn.gateway.lease.proven", lease, keeper -> keeper.proven() ? 1 : 0)
                .description("1 while the node can prove its lease (it forwards), 0 otherwise")
                .register(registry);
    }

    public List<ListenEndpoint> endpoints() {
        return endpoints;
    }

    public NodeRef nodeRef() {
        return lease.current();
    }

    public boolean leaseProven() {
        return lease.proven();
    }

    public String transportName() {
        return transport.name();
    }

    public List<SessionView> sessions() {
        return service.sessions();
    }

    public void setDraining(boolean draining) {
        this.draining = draining;
    }

    public boolean draining() {
        return draining;
    }

    /** Ready while the store answers, the lease is proven, the incarnation holds and the node is not draining. */
    public Readiness readiness() {
        var reasons = new ArrayList<String>();
        if (closed) {
            reasons.add("the node is shutting down");
        }
        if (!lease.storeReachable()) {
            reasons.add("store unreachable: "
                    + lease.lastFailure().orElse("no answer to the lease calls of the last two renewal periods"));
        }
        if (lease.incarnationLost()) {
            reasons.add("store incarnation changed (the store lost its state); registering again");
        } else if (!lease.registered()) {
            reasons.add("node lease lost; registering again");
        }
        if (!lease.proven()) {
            reasons.add("node lease not proven (" + leaseAge() + ")");
        }
        if (draining) {
            reasons.add("draining");
        }
        return new Readiness(reasons);
    }

    private String leaseAge() {
        long age = lease.proof().ageNanos();
        return age < 0 ? "no renewal succeeded yet" : "last renewal started " + age / 1_000_000 + " ms ago";
    }

    public CompletionStage<TerminateOutcome> terminate(SessionId id, TerminationCode code) {
        return service.terminate(id, code);
    }

    public GatewayConfig config() {
        return config;
    }

    public CompletionStage<TerminateOutcome> terminate(SessionId id, TerminationCode code, Operator operator) {
        return service.terminate(id, code).thenApply(outcome -> {
            var done = outcome instanceof TerminateOutcome.Terminated;
            service.adminAction(
                    Optional.of(id.value()),
                    "TERMINATE",
                    operator,
                    id.value(),
                    done ? "DONE" : "REFUSED",
                    switch (outcome) {
                        case TerminateOutcome.Terminated t -> "terminated with " + code + " at v" + t.version();
                        case TerminateOutcome.NotTerminated n -> n.reason();
                    });
            return outcome;
        });
    }

    public CompletionStage<ReadResult> lookup(SessionId id) {
        return StoreCalls.read(store.read(id), config.storeTimeout());
    }

    public CompletionStage<StoreResult<List<SessionRecord>>> storedSessions(Optional<NodeId> owner, int limit) {
        return StoreCalls.mutation(store.list(owner, limit), config.storeTimeout());
    }

    public CompletionStage<StoreResult<List<ClusterNode>>> nodes() {
        return cluster.nodes();
    }

    public CompletionStage<MigrationReport> migrate(Migration migration, Operator operator) {
        if (sticky.isPresent()) {
            return sticky.get().migrate(migration, operator);
        }
        return cluster.migrate(migration, operator);
    }

    public DrainReport drain(Duration grace, Operator operator) {
        if (sticky.isPresent()) {
            return sticky.get().drain(grace, operator);
        }
        return cluster.drain(grace, operator);
    }

    public CompletionStage<FailoverOutcome> failover(NodeId dead, Operator operator) {
        if (sticky.isPresent()) {
            return sticky.get().failover(dead, operator);
        }
        return cluster.failover(dead, operator);
    }

    /** The membership list the node routes by now (under sticky routing it may have changed since the start). */
    public List<ClusterMember> members() {
        return sticky.map(StickyOps::members).orElse(config.cluster().members());
    }

    public CompletionStage<MembershipOutcome> updateMembers(List<ClusterMember> members, Operator operator) {
        if (sticky.isEmpty()) {
            var reason = "the membership list changes at run time only under sticky routing; on a shared store,"
                    + " restart the nodes with the new list";
            service.adminAction(
                    Optional.empty(), "MEMBERS", operator, config.nodeId().value(), "REFUSED", reason);
            return CompletableFuture.completedFuture(new MembershipOutcome.Refused(reason));
        }
        return sticky.get().update(members, operator);
    }

    public CompletionStage<ImportOutcome> importSession(SessionHandoff handoff, Operator operator) {
        if (sticky.isEmpty()) {
            return CompletableFuture.completedFuture(new ImportOutcome.Refused(
                    handoff.id(), "this node shares its store (routing shared): there is nothing to import"));
        }
        return sticky.get().importSession(handoff, operator);
    }

    /** Stops accepting, stops forwarding, releases the lease, shuts the event loops; bounded by the close timeout. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        var budget = config.closeTimeout();
        var step = budget.dividedBy(4);
        for (var server : servers) {
            server.close().awaitUninterruptibly(step.toMillis());
        }
        service.close(step);
        lease.close(step);
        egress.close();
        group.shutdownGracefully(0, step.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(step.toMillis() + 100);
        audit.close(step);
        history.close(step);
        log.info("gateway node {} closed", config.nodeId());
    }
}
