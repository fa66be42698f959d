package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterNode;
import io.jumpingvpn.gateway.DrainReport;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.Migration;
import io.jumpingvpn.gateway.MigrationReport;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.session.SessionService;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-level transfer procedures (docs/cluster.md, "Transfers"): migration, drain, failover, and the list of nodes.
 * Liveness always comes from the store's node leases; endpoints from the static membership list. Each procedure ends
 * with one ADMIN_ACTION audit event naming the operator; each session it moves emits an OWNERSHIP_CHANGE with the
 * operator too.
 */
public final class ClusterOps {

    private static final Logger log = LoggerFactory.getLogger(ClusterOps.class);
    /** Records asked of the store per failover round; rounds repeat while they make progress. */
    private static final int FAILOVER_PAGE = 1_000;

    private static final int FAILOVER_ROUNDS = 1_000;
    private static final long DRAIN_POLL_MILLIS = 50;

    private final GatewayConfig config;
    private final SessionStore store;
    private final SessionService service;
    private final Supplier<NodeRef> self;
    private final Consumer<Boolean> draining;

    public ClusterOps(
            GatewayConfig config,
            SessionStore store,
            SessionService service,
            Supplier<NodeRef> self,
            Consumer<Boolean> draining) {
        this.config = requireNonNull(config, "config");
        this.store = requireNonNull(store, "store");
        this.service = requireNonNull(service, "service");
        this.self = requireNonNull(self, "self");
        this.draining = requireNonNull(draining, "draining");
    }

    /** Every node the store knows, with its lease, joined with the membership list. */
    public CompletionStage<StoreResult<List<ClusterNode>>> nodes() {
        var me = self.get();
        return StoreCalls.mutation(store.nodes(), config.storeTimeout()).thenApply(result -> switch (result) {
            case StoreResult.Committed<List<NodeLease>> committed ->
                StoreResult.committed(committed.value().stream()
                        .map(lease -> new ClusterNode(
                                lease.node(),
                                lease.alive(),
                                lease.expiresAtMs(),
                                lease.storeNowMs(),
                                config.cluster()
                                        .member(lease.node().node())
                                        .map(m -> m.endpoints())
                                        .orElse(List.of()),
                                lease.node().node().equals(me.node())))
                        .sorted(Comparator.comparing(node -> node.node().node().value()))
                        .toList());
            case StoreResult.Rejected<List<NodeLease>> rejected ->
                new StoreResult.Rejected<List<ClusterNode>>(
                        rejected.code(), rejected.detail(), rejected.currentVersion());
            case StoreResult.Unknown<List<NodeLease>> unknown -> StoreResult.unknown(unknown.cause());
        });
    }

    /** The live peers that agents can be sent to: alive in the store, listed with endpoints, not this node. */
    private CompletionStage<Optional<List<Peer>>> peers() {
        var me = self.get().node();
        return StoreCalls.mutation(store.nodes(), config.storeTimeout()).thenApply(result -> {
            if (!(result instanceof StoreResult.Committed<List<NodeLease>> committed)) {
                log.warn("the store did not list the nodes: {}", result);
                return Optional.empty();
            }
            var peers = new ArrayList<Peer>();
            for (var lease : committed.value()) {
                if (!lease.alive() || lease.node().node().equals(me)) {
                    continue;
                }
                config.cluster().member(lease.node().node()).ifPresent(m -> peers.add(new Peer(lease.node(), m)));
            }
            peers.sort(Comparator.comparing(peer -> peer.node().node().value()));
            return Optional.of(List.copyOf(peers));
        });
    }

    /**
     * Moves the named sessions (or a share of those held here) to {@code migration.target()}: for each, freeze,
     * transfer, REDIRECT, forget (docs/cluster.md). Refused as a whole when the target is this node, is not alive, or
     * has no endpoints in the membership list.
     */
    public CompletionStage<MigrationReport> migrate(Migration migration, Operator operator) {
        requireNonNull(migration, "migration");
        requireNonNull(operator, "operator");
        var target = migration.target();
        var ids = chosen(migration);
        if (target.equals(self.get().node())) {
            return refusedMigration(migration, ids, operator, "the target is this node");
        }
        var member = config.cluster().member(target);
        if (member.isEmpty()) {
            return refusedMigration(
                    migration, ids, operator, "node " + target + " has no endpoints in the membership list");
        }
        return peers().thenCompose(peers -> {
            var peer = peers.orElse(List.of()).stream()
                    .filter(p -> p.node().node().equals(target))
                    .findFirst();
            if (peer.isEmpty()) {
                return refusedMigration(
                        migration,
                        ids,
                        operator,
                        peers.isEmpty()
                                ? "the store did not answer which nodes are alive"
                                : "node " + target + " holds no live lease");
            }
            var moves = ids.stream()
                    .map(id -> service.moveAway(
                                    id, peer.get().node(), member, RedirectReason.NOT_OWNER, "MIGRATE", operator)
                            .toCompletableFuture())
                    .toList();
            return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        var report = new MigrationReport(
                                target,
                                moves.stream().map(CompletableFuture::join).toList());
                        audit(
                                "MIGRATE",
                                operator,
                                target.value(),
                                report.transferred() == ids.size() ? "DONE" : "PARTIAL",
                                report.transferred() + " of " + ids.size() + " sessions moved to " + target);
                        return report;
                    });
        });
    }

    private List<SessionId> chosen(Migration migration) {
        if (!migration.sessions().isEmpty()) {
            return migration.sessions();
        }
        var held = new ArrayList<>(service.heldIds());
        held.sort(Comparator.comparing(SessionId::value));
        int count = (int) Math.ceil(migration.share() * held.size());
        return List.copyOf(held.subList(0, Math.min(count, held.size())));
    }

    private CompletionStage<MigrationReport> refusedMigration(
            Migration migration, List<SessionId> ids, Operator operator, String reason) {
        audit("MIGRATE", operator, migration.target().value(), "REFUSED", reason);
        return CompletableFuture.completedFuture(new MigrationReport(
                migration.target(),
                ids.stream()
                        .map(id -> (TransferOutcome) new TransferOutcome.NotTransferred(id, reason))
                        .toList()));
    }

    /**
     * Drains the node within {@code grace} (docs/cluster.md, "Drain"): it reports not ready, refuses handshakes and
     * sends reattaches to live peers; every agent with a live transport is told to reattach at a peer (spread across
     * them), and the node waits until their hand-overs arrive; whatever is still here then is transferred to a peer so
     * that no session stays with an owner about to go away. No session is terminated. Blocks until done, at most about
     * {@code grace}; the node is still running afterwards (closing it releases the lease).
     */
    public DrainReport drain(Duration grace, Operator operator) {
        requireNonNull(grace, "grace");
        requireNonNull(operator, "operator");
        long start = System.nanoTime();
        long deadline = start + grace.toNanos();
        int held = service.held();
        draining.accept(true);
        var peers = await(peers(), deadline).flatMap(found -> found).orElse(List.of());
        var rotation = new PeerRotation(peers);
        service.drain(rotation);
        if (rotation.isEmpty()) {
            var report = new DrainReport(held, 0, 0, List.of(), held, Duration.ofNanos(System.nanoTime() - start));
            audit(
                    "DRAIN",
                    operator,
                    self.get().node().value(),
                    held == 0 ? "DONE" : "PARTIAL",
                    "no live peer in the membership list: " + held + " sessions left to their agents");
            log.warn("draining {}: no live peer; {} sessions stay until the lease is released", self.get(), held);
            return report;
        }
        log.info("draining {} ({} sessions) to {}", self.get(), held, rotation);
        var asked = service.heldIds().stream()
                .map(id -> service.redirect(id, rotation, RedirectReason.DRAIN).toCompletableFuture())
                .toList();
        int redirected = (int) asked.stream()
                .map(future -> await(future, deadline).orElse(false))
                .filter(Boolean::booleanValue)
                .count();
        // Leave time at the end for the transfers of what did not move: one store call each, in parallel.
        long reserve = Math.min(
                grace.toNanos() / 3, config.storeTimeout().plusSeconds(1).toNanos());
        long waitUntil = deadline - reserve;
        while (service.bound() > 0 && System.nanoTime() - waitUntil < 0) {
            sleep(DRAIN_POLL_MILLIS);
        }
        int movedByAgents = Math.max(0, held - service.held());
        var transfers = service.heldIds().stream()
                .map(id -> {
                    var peer = rotation.nextPeer().orElseThrow();
                    return service.moveAway(
                                    id,
                                    peer.node(),
                                    Optional.of(peer.member()),
                                    RedirectReason.DRAIN,
                                    "DRAIN",
                                    operator)
                            .toCompletableFuture();
                })
                .toList();
        var outcomes = new ArrayList<TransferOutcome>();
        for (var transfer : transfers) {
            await(transfer, deadline).ifPresent(outcomes::add);
        }
        int left = service.held();
        var report = new DrainReport(
                held, redirected, movedByAgents, outcomes, left, Duration.ofNanos(System.nanoTime() - start));
        audit(
                "DRAIN",
                operator,
                self.get().node().value(),
                left == 0 ? "DONE" : "PARTIAL",
                held + " sessions: " + redirected + " agents redirected, " + movedByAgents + " moved by their agents, "
                        + outcomes.stream()
                                .filter(o -> o instanceof TransferOutcome.Transferred)
                                .count()
                        + " transferred, " + left + " left");
        log.info("drained {}: {}", self.get(), report);
        return report;
    }

    /**
     * Takes over every live session the store lists as owned by {@code dead} (docs/cluster.md, "Failover"). Refused
     * while that node's lease is alive: then the store would refuse each transfer anyway, and the node may well be
     * serving them.
     */
    public CompletionStage<FailoverOutcome> failover(NodeId dead, Operator operator) {
        requireNonNull(dead, "dead");
        requireNonNull(operator, "operator");
        if (dead.equals(self.get().node())) {
            return refusedFailover(dead, operator, "a node does not fail itself over");
        }
        return StoreCalls.mutation(store.nodes(), config.storeTimeout()).thenCompose(result -> {
            if (!(result instanceof StoreResult.Committed<List<NodeLease>> committed)) {
                return refusedFailover(dead, operator, "the store did not list the nodes: " + result);
            }
            var lease = committed.value().stream()
                    .filter(l -> l.node().node().equals(dead))
                    .findFirst();
            if (lease.isPresent() && lease.get().alive()) {
                return refusedFailover(
                        dead,
                        operator,
                        "node " + lease.get().node() + " holds a live lease ("
                                + (lease.get().expiresAtMs() - lease.get().storeNowMs())
                                + " ms left); fail over a node only once its lease lapsed");
            }
            var outcomes = new ArrayList<TransferOutcome>();
            return failoverRound(dead, operator, outcomes, new HashSet<>(), 0).thenApply(done -> {
                var outcome = new FailoverOutcome.FailedOver(dead, outcomes);
                audit(
                        "FAILOVER",
                        operator,
                        dead.value(),
                        outcome.transferred() == outcomes.size() ? "DONE" : "PARTIAL",
                        outcome.transferred() + " of " + outcomes.size() + " sessions of " + dead + " taken over by "
                                + self.get());
                return (FailoverOutcome) outcome;
            });
        });
    }

    /** One page of the dead node's sessions; repeats while a page brings sessions not tried yet. */
    private CompletionStage<Void> failoverRound(
            NodeId dead, Operator operator, List<TransferOutcome> outcomes, HashSet<SessionId> tried, int round) {
        if (round >= FAILOVER_ROUNDS) {
            return CompletableFuture.completedFuture(null);
        }
        return StoreCalls.mutation(store.list(Optional.of(dead), FAILOVER_PAGE), config.storeTimeout())
                .thenCompose(result -> {
                    if (!(result instanceof StoreResult.Committed<List<SessionRecord>> committed)) {
                        log.warn("failover of {}: the store did not list its sessions: {}", dead, result);
                        return CompletableFuture.completedFuture(null);
                    }
                    var fresh = committed.value().stream()
                            .filter(record -> record.state() != SessionState.TERMINATED)
                            .filter(record -> record.owner().node().equals(dead))
                            .filter(record -> tried.add(record.id()))
                            .toList();
                    if (fresh.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    var moves = fresh.stream()
                            .map(record -> service.takeOver(record, "FAILOVER", operator)
                                    .toCompletableFuture())
                            .toList();
                    return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
                            .thenCompose(done -> {
                                moves.forEach(move -> outcomes.add(move.join()));
                                return failoverRound(dead, operator, outcomes, tried, round + 1);
                            });
                });
    }

    private CompletionStage<FailoverOutcome> refusedFailover(NodeId dead, Operator operator, String reason) {
        audit("FAILOVER", operator, dead.value(), "REFUSED", reason);
        return CompletableFuture.completedFuture(new FailoverOutcome.Refused(dead, reason));
    }

    private void audit(String action, Operator operator, String target, String result, String detail) {
        service.adminAction(Optional.empty(), action, operator, target, result, detail);
    }

    private static <T> Optional<T> await(CompletionStage<T> stage, long deadlineNanos) {
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        try {
            return Optional.ofNullable(stage.toCompletableFuture().get(left, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
