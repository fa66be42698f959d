package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.GatewayNode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
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
