package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.DrainReport;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.MembershipOutcome;
import io.jumpingvpn.gateway.Migration;
import io.jumpingvpn.gateway.MigrationReport;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.gateway.SessionImporter;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.gateway.internal.session.SessionService;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sticky routing's node-level procedures (docs/cluster.md, "Sticky routing"): a change of the membership list, with the
 * hand-over of every session whose owner became another member; the drain, which is this node leaving the list; the
 * import of a session another member hands over. Each is audited with the operator: one ADMIN_ACTION per change or
 * import, one OWNERSHIP_CHANGE ({@code MIGRATE}) per session moved, emitted by the node that handed it over.
 */
public final class StickyOps {

    private static final Logger log = LoggerFactory.getLogger(StickyOps.class);
    /** Hand-overs in flight at once during a membership change: each holds its session's lane for one peer call. */
    private static final int PARALLEL_HANDOFFS = 16;

    private final SessionService service;
    private final StickyRouter router;
    private final Optional<SessionImporter> importer;
    private final Supplier<NodeRef> self;
    private final Consumer<Boolean> draining;
    private final AtomicBoolean changing = new AtomicBoolean();

    public StickyOps(
            SessionService service,
            StickyRouter router,
            Optional<SessionImporter> importer,
            Supplier<NodeRef> self,
            Consumer<Boolean> draining) {
        this.service = requireNonNull(service, "service");
        this.router = requireNonNull(router, "router");
        this.importer = requireNonNull(importer, "importer");
        this.self = requireNonNull(self, "self");
        this.draining = requireNonNull(draining, "draining");
    }

    public List<ClusterMember> members() {
        return router.members();
    }

    /**
     * Routes by {@code members} from now on, then hands every session held here whose owner is now another member to
     * that member. One change at a time: a second one while the first runs is refused.
     */
    public CompletionStage<MembershipOutcome> update(List<ClusterMember> members, Operator operator) {
        requireNonNull(members, "members");
        requireNonNull(operator, "operator");
        var listed = members.stream().map(m -> m.node().value()).toList();
        if (!changing.compareAndSet(false, true)) {
            return refused(operator, "another membership change is in progress on this node");
        }
        try {
            router.update(members);
        } catch (IllegalArgumentException e) {
            changing.set(false);
            return refused(operator, e.getMessage());
        }
        var ids = members.stream().map(ClusterMember::node).toList();
        var moves = MembershipDiff.moves(service.heldIds(), ids, router.self());
        log.info(
                "membership of {} is now {}: {} of {} sessions go to other members",
                self.get(),
                listed,
                moves.size(),
                service.held());
        return handOffAll(moves, members, operator).handle((outcomes, failure) -> {
            changing.set(false);
            var done = failure == null ? outcomes : List.<TransferOutcome>of();
            var outcome = new MembershipOutcome.Changed(members, done);
            service.adminAction(
                    Optional.empty(),
                    "MEMBERS",
                    operator,
                    router.self().value(),
                    outcome.moved() == moves.size() ? "DONE" : "PARTIAL",
                    "members " + String.join(",", listed) + ": " + outcome.moved() + " of " + moves.size()
                            + " sessions handed to their new owner"
                            + (failure == null ? "" : " (" + failure + ")"));
            return outcome;
        });
    }

    private CompletionStage<MembershipOutcome> refused(Operator operator, String reason) {
        service.adminAction(Optional.empty(), "MEMBERS", operator, router.self().value(), "REFUSED", reason);
        return CompletableFuture.completedFuture(new MembershipOutcome.Refused(reason));
    }

    /** Every move, at most {@value #PARALLEL_HANDOFFS} at once; the outcomes in the order of {@code moves}. */
    private CompletionStage<List<TransferOutcome>> handOffAll(
            Map<SessionId, NodeId> moves, List<ClusterMember> members, Operator operator) {
        var work = new ArrayList<>(moves.entrySet());
        var results = new AtomicReferenceArray<TransferOutcome>(work.size());
        var next = new AtomicInteger();
        var workers = new ArrayList<CompletableFuture<Void>>();
        for (int w = 0; w < Math.min(PARALLEL_HANDOFFS, work.size()); w++) {
            var worker = new CompletableFuture<Void>();
            workers.add(worker);
            runNext(work, results, next, worker, members, operator);
        }
        return CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    var outcomes = new ArrayList<TransferOutcome>(work.size());
                    for (int i = 0; i < work.size(); i++) {
                        outcomes.add(results.get(i));
                    }
                    return List.copyOf(outcomes);
                });
    }

    private void runNext(
            List<Map.Entry<SessionId, NodeId>> work,
            AtomicReferenceArray<TransferOutcome> results,
            AtomicInteger next,
            CompletableFuture<Void> worker,
            List<ClusterMember> members,
            Operator operator) {
        int index = next.getAndIncrement();
        if (index >= work.size()) {
            worker.complete(null);
            return;
        }
        var move = work.get(index);
        handOff(move.getKey(), move.getValue(), members, operator).whenComplete((outcome, failure) -> {
            results.set(
                    index,
                    failure == null
                            ? outcome
                            : new TransferOutcome.NotTransferred(move.getKey(), "the hand-over failed: " + failure));
            runNext(work, results, next, worker, members, operator);
        });
    }

    private CompletionStage<TransferOutcome> handOff(
            SessionId id, NodeId owner, List<ClusterMember> members, Operator operator) {
        var member = members.stream().filter(m -> m.node().equals(owner)).findFirst();
        if (member.isEmpty()) {
            return notMoved(id, "node " + owner + " is not in the list");
        }
        if (member.get().admin().isEmpty()) {
            return notMoved(id, "member " + owner + " lists no admin:// address to hand the session to");
        }
        if (importer.isEmpty()) {
            return notMoved(id, "this node has no admin token to hand sessions to other members (admin_token_file)");
        }
        var via = onBehalf(operator);
        return service.handOff(
                id, member.get(), (target, handoff) -> importer.get().importAt(target, handoff, via), operator);
    }

    /** The operator as the target records it: who asked, and through which node. */
    private Operator onBehalf(Operator operator) {
        var name = operator.name() + "@" + self.get().node();
        return new Operator(name.length() <= 128 ? name : name.substring(0, 128));
    }

    private static CompletionStage<TransferOutcome> notMoved(SessionId id, String reason) {
        return CompletableFuture.completedFuture(new TransferOutcome.NotTransferred(id, reason));
    }

    /**
     * Drains the node within about {@code grace}: not ready, no births (it is no longer a member), and every session
     * handed to its owner among the other members; agents that reattach here are sent there too. Without another
     * member nothing moves.
     */
    public DrainReport drain(Duration grace, Operator operator) {
        requireNonNull(grace, "grace");
        requireNonNull(operator, "operator");
        long start = System.nanoTime();
        int held = service.held();
        draining.accept(true);
        var others = router.members().stream()
                .filter(m -> !m.node().equals(router.self()))
                .toList();
        if (others.isEmpty()) {
            service.adminAction(
                    Optional.empty(),
                    "DRAIN",
                    operator,
                    router.self().value(),
                    held == 0 ? "DONE" : "PARTIAL",
                    "no other member in the list: " + held + " sessions stay");
            return new DrainReport(held, 0, 0, List.of(), held, Duration.ofNanos(System.nanoTime() - start));
        }
        List<TransferOutcome> outcomes = List.of();
        try {
            var changed = update(others, operator).toCompletableFuture().get(grace.toNanos(), TimeUnit.NANOSECONDS);
            if (changed instanceof MembershipOutcome.Changed done) {
                outcomes = done.outcomes();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("draining {}: the hand-overs did not finish within {}: {}", self.get(), grace, e.toString());
        }
        long moved = outcomes.stream()
                .filter(o -> o instanceof TransferOutcome.Transferred)
                .count();
        int left = service.held();
        var report = new DrainReport(held, (int) moved, 0, outcomes, left, Duration.ofNanos(System.nanoTime() - start));
        service.adminAction(
                Optional.empty(),
                "DRAIN",
                operator,
                router.self().value(),
                left == 0 ? "DONE" : "PARTIAL",
                held + " sessions: " + moved + " handed to their owner among the other members, " + left + " left");
        log.info("drained {}: {}", self.get(), report);
        return report;
    }

    /** Refused: under sticky routing a session lives at its rendezvous owner; the membership list moves sessions. */
    public CompletionStage<MigrationReport> migrate(Migration migration, Operator operator) {
        var reason = "sticky routing: a session lives at its rendezvous owner; change the membership list to move"
                + " sessions (POST /v1/members)";
        service.adminAction(
                Optional.empty(), "MIGRATE", operator, migration.target().value(), "REFUSED", reason);
        return CompletableFuture.completedFuture(new MigrationReport(
                migration.target(),
                migration.sessions().stream()
                        .map(id -> (TransferOutcome) new TransferOutcome.NotTransferred(id, reason))
                        .toList()));
    }

    /** Refused: without a shared table there is nothing to take over from a lost node. */
    public CompletionStage<FailoverOutcome> failover(NodeId dead, Operator operator) {
        var reason = "sticky routing keeps no shared records: the sessions of a lost node are lost with it";
        service.adminAction(Optional.empty(), "FAILOVER", operator, dead.value(), "REFUSED", reason);
        return CompletableFuture.completedFuture(new FailoverOutcome.Refused(dead, reason));
    }

    /** Stores a session another member hands over; audited as an ADMIN_ACTION {@code IMPORT}. */
    public CompletionStage<ImportOutcome> importSession(SessionHandoff handoff, Operator operator) {
        requireNonNull(handoff, "handoff");
        requireNonNull(operator, "operator");
        return service.importSession(handoff).thenApply(outcome -> {
            var detail =
                    switch (outcome) {
                        case ImportOutcome.Imported imported ->
                            "from " + handoff.from() + " at v" + imported.version() + ", owned by " + imported.owner();
                        case ImportOutcome.Refused refused -> "from " + handoff.from() + ": " + refused.reason();
                        case ImportOutcome.Unknown unknown ->
                            "from " + handoff.from() + ": outcome unknown: " + unknown.cause();
                    };
            service.adminAction(
                    Optional.of(handoff.id().value()),
                    "IMPORT",
                    operator,
                    handoff.id().value(),
                    outcome instanceof ImportOutcome.Imported ? "DONE" : "REFUSED",
                    detail);
            return outcome;
        });
    }
}
