package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.GatewayNode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A running gateway node. {@link #start} registers the node with the store (fresh epoch, lease), then listens on every
 * configured endpoint; it fails with a {@link GatewayStartException} (one line) if either cannot be done, leaving
 * nothing running. The node never learns which store it runs on: everything goes through {@link SessionStore}.
 *
 * <pre>{@code
 * var gateway = Gateway.start(
 *         GatewayConfig.builder()
 *                 .nodeId("gw-1")
 *                 .listen("udp://127.0.0.1:0", "tcp://127.0.0.1:0")
 *                 .keys(KeyDirectory.loadGateway(keysDir))
 *                 .egress("echo")
 *                 .build(),
 *         new InMemorySessionStore(),
 *         new SimpleMeterRegistry());
 * gateway.endpoints(); // the bound addresses, real ports
 * gateway.close();
 * }</pre>
 *
 * Thread-safe.
 */
public final class Gateway implements AutoCloseable {

    private final GatewayNode node;

    private Gateway(GatewayNode node) {
        this.node = node;
    }

    /** Starts a node. The store and the registry stay the caller's: closing the gateway closes neither. */
    public static Gateway start(GatewayConfig config, SessionStore store, MeterRegistry registry) {
        return new Gateway(GatewayNode.start(
                requireNonNull(config, "config"),
                requireNonNull(store, "store"),
                requireNonNull(registry, "registry")));
    }

    /** The endpoints as bound, with the real ports (port 0 in the configuration becomes the ephemeral port). */
    public List<ListenEndpoint> endpoints() {
        return node.endpoints();
    }

    /** The endpoint of {@code kind} ({@code udp} or {@code tcp}), the first if there are several. */
    public Optional<ListenEndpoint> endpoint(TransportKind kind) {
        return node.endpoints().stream().filter(e -> e.kind() == kind).findFirst();
    }

    /** This node at its current epoch (a new epoch after it had to register again). */
    public NodeRef nodeRef() {
        return node.nodeRef();
    }

    /** Whether the node can prove its lease now; while it cannot, it forwards nothing. */
    public boolean leaseProven() {
        return node.leaseProven();
    }

    /**
     * Whether an orchestrator should send this node traffic now: ready only while the store answers the node's lease
     * calls, the node can prove its lease, the store's incarnation is the one the node registered with, and the node is
     * not draining. Not ready gives one line per unmet condition. Cheap: reads a few volatile fields.
     */
    public Readiness readiness() {
        return node.readiness();
    }

    /**
     * Marks the node as draining (or not). While draining it reports not ready, so that an orchestrator sends it no new
     * agents; everything else is unchanged: moving the sessions away is the caller's business.
     */
    public void setDraining(boolean draining) {
        node.setDraining(draining);
    }

    /** Whether {@link #setDraining} marked the node as draining. */
    public boolean draining() {
        return node.draining();
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return node.transportName();
    }

    /** The sessions this node holds, sorted by id: a snapshot for tests and operators. */
    public List<SessionView> sessions() {
        return node.sessions();
    }

    public Optional<SessionView> session(SessionId id) {
        requireNonNull(id, "id");
        return node.sessions().stream().filter(view -> view.id().equals(id)).findFirst();
    }

    /**
     * Terminates a session (an operator action): a session held here is ended through its lane, its agent told with a
     * TERMINATE; any other is terminated in the store with operator authority at its current version.
     */
    public CompletionStage<TerminateOutcome> terminate(SessionId id, TerminationCode code) {
        return node.terminate(requireNonNull(id, "id"), requireNonNull(code, "code"));
    }

    /** {@link #terminate(SessionId, TerminationCode)} asked for by {@code operator}: audited as an ADMIN_ACTION. */
    public CompletionStage<TerminateOutcome> terminate(SessionId id, TerminationCode code, Operator operator) {
        return node.terminate(
                requireNonNull(id, "id"), requireNonNull(code, "code"), requireNonNull(operator, "operator"));
    }

    /** The session's record in the store (any session, held here or not), with the store time and its owner's lease. */
    public CompletionStage<ReadResult> lookup(SessionId id) {
        return node.lookup(requireNonNull(id, "id"));
    }

    /**
     * Up to {@code limit} records of the store, all or those owned by {@code owner} (any epoch), tombstones included. It
     * may scan the whole table: for operators, not for the data path.
     */
    public CompletionStage<StoreResult<List<SessionRecord>>> storedSessions(Optional<NodeId> owner, int limit) {
        requireNonNull(owner, "owner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        return node.storedSessions(owner, limit);
    }

    /** Every node the store knows, with its lease (alive or not) and its endpoints from the membership list. */
    public CompletionStage<StoreResult<List<ClusterNode>>> nodes() {
        return node.nodes();
    }

    /**
     * Moves sessions held here to another live node (docs/cluster.md, "Migration"): for each, forwarding stops, a
     * transfer commits the new owner, the agent is told with a REDIRECT to that node's endpoint, and this node forgets
     * the session; its agent then reattaches at the new owner. The target must hold a live lease and be in the
     * membership list. Audited (OWNERSHIP_CHANGE per session and one ADMIN_ACTION, with {@code operator}).
     */
    public CompletionStage<MigrationReport> migrate(Migration migration, Operator operator) {
        return node.migrate(requireNonNull(migration, "migration"), requireNonNull(operator, "operator"));
    }

    /**
     * Drains the node within {@code grace} (docs/cluster.md, "Drain"): not ready from now on, handshakes refused,
     * reattaches sent to live peers, every agent with a live transport told to reattach at a peer; once their
     * hand-overs arrived or most of {@code grace} is over, whatever is left is transferred to a live peer. No session is
     * terminated. Blocks for at most about {@code grace}; {@link #close()} afterwards releases the lease.
     */
    public DrainReport drain(Duration grace, Operator operator) {
        requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the drain grace period must be positive, got " + grace);
        }
        return node.drain(grace, requireNonNull(operator, "operator"));
    }

    /**
     * Takes over every live session the store lists as owned by {@code dead} (docs/cluster.md, "Failover"); refused
     * while that node's lease is alive. The sessions wait here without a transport until their agents reattach (at
     * any node), or their transport-loss TTL ends them.
     */
    public CompletionStage<FailoverOutcome> failover(NodeId dead, Operator operator) {
        return node.failover(requireNonNull(dead, "dead"), requireNonNull(operator, "operator"));
    }

    /**
     * The membership list the node routes by now: the configured one, or under sticky routing the one the last
     * {@link #updateMembers} set.
     */
    public List<ClusterMember> members() {
        return node.members();
    }

    /**
     * Sticky routing (docs/cluster.md, "Sticky routing"): routes by {@code members} from now on, and hands every
     * session held here whose rendezvous owner is now another member to that member (freeze, import there through the
     * configured {@link SessionImporter}, REDIRECT the agent, forget here). A session that cannot be handed over stays
     * here and its outcome says why. A list without this node moves every session away and stops births here: how a
     * node leaves. Refused on a shared store, and while another change runs. Audited (ADMIN_ACTION {@code MEMBERS},
     * OWNERSHIP_CHANGE {@code MIGRATE} per session moved).
     */
    public CompletionStage<MembershipOutcome> updateMembers(List<ClusterMember> members, Operator operator) {
        return node.updateMembers(
                List.copyOf(requireNonNull(members, "members")), requireNonNull(operator, "operator"));
    }

    /**
     * Sticky routing: stores a session another member hands over, owned by this node at the version it had, held
     * without a transport until its agent reattaches here (the only thing that binds it). Refused when this node holds
     * the session already, or on a shared store. Audited (ADMIN_ACTION {@code IMPORT}).
     */
    public CompletionStage<ImportOutcome> importSession(SessionHandoff handoff, Operator operator) {
        return node.importSession(requireNonNull(handoff, "handoff"), requireNonNull(operator, "operator"));
    }

    public GatewayConfig config() {
        return node.config();
    }

    /**
     * Graceful and bounded by {@link GatewayConfig#closeTimeout()}: stops accepting, stops forwarding (sessions are not
     * terminated: their agents reattach elsewhere), releases the node lease so that others may take over at once,
     * closes the channels, flushes the audit sinks and the history file.
     */
    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return "Gateway[" + node.nodeRef() + " " + node.endpoints() + "]";
    }
}
