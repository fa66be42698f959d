package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.node.NodeProtocol;
import io.jumpingvpn.testkit.proxy.FaultProxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * One node of the cluster and everything around it: its process (replaced on restart), the UDP relay agents reach it
 * through, the fault proxy (standalone Redis) and, as root, its network namespace with the forwarder to the proxy.
 */
public final class NodeHandle {

    private final String id;
    private final List<String> command;
    private final UdpRelay relay;
    private final Optional<FaultProxy> proxy;
    private final Optional<NetNamespace> namespace;
    private final Optional<TcpForwarder> forwarder;
    private volatile NodeProcess process;
    private volatile NodeProtocol.Ready ready;

    NodeHandle(
            String id,
            List<String> command,
            UdpRelay relay,
            Optional<FaultProxy> proxy,
            Optional<NetNamespace> namespace,
            Optional<TcpForwarder> forwarder) {
        this.id = requireNonNull(id, "id");
        this.command = List.copyOf(command);
        this.relay = requireNonNull(relay, "relay");
        this.proxy = requireNonNull(proxy, "proxy");
        this.namespace = requireNonNull(namespace, "namespace");
        this.forwarder = requireNonNull(forwarder, "forwarder");
    }

    public String id() {
        return id;
    }

    /** The process name of this node in the history ({@code node-<id>}). */
    public String processName() {
        return "node-" + id;
    }

    public UdpRelay relay() {
        return relay;
    }

    /** Where agents reach this node: its relay. */
    public InetSocketAddress agentEndpoint() {
        return relay.address();
    }

    /** The fault proxy between this node and Redis (standalone Redis only). */
    public Optional<FaultProxy> proxy() {
        return proxy;
    }

    /** The node's network namespace (as root only). */
    public Optional<NetNamespace> namespace() {
        return namespace;
    }

    /** The host port the node's Redis connections go to inside its namespace (the forwarder), if it has one. */
    public Optional<Integer> namespaceRedisPort() {
        return forwarder.map(f -> f.address().getPort());
    }

    public NodeProcess process() {
        return process;
    }

    /** What the node reported when it last started: its epoch and endpoint. */
    public NodeProtocol.Ready ready() {
        return ready;
    }

    List<String> command() {
        return command;
    }

    void started(NodeProcess process, NodeProtocol.Ready ready) {
        this.process = process;
        this.ready = ready;
    }

    void attach(NodeProcess process) {
        this.process = process;
    }

    void close() {
        var current = process;
        if (current != null) {
            current.close();
        }
        relay.close();
        forwarder.ifPresent(TcpForwarder::close);
        proxy.ifPresent(FaultProxy::close);
    }

    @Override
    public String toString() {
        return "node " + id;
    }
}
