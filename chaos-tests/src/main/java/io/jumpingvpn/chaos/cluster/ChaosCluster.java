package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.node.ChaosNode;
import io.jumpingvpn.chaos.node.NodeArgs;
import io.jumpingvpn.chaos.node.NodeProtocol;
import io.jumpingvpn.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cluster of one chaos run on this host: Redis, and per node a fault proxy, a UDP relay, maybe a network namespace,
 * and the node process. Nodes start one after the other (JVMs starting at once on a small machine starve each other).
 * {@link #close()} stops everything it started, processes by PID, namespaces by name.
 */
public final class ChaosCluster implements AutoCloseable {

    /** How long a node process may take to serve, on a loaded machine. */
    public static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(90);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NAMESPACE_PORT = 7000;
    private static final List<String> JVM_FLAGS = List.of(
            "-Xmx192m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private final ClusterPlan plan;
    private final RedisBackend redis;
    private final List<NetNamespace> namespaces;
    private final Map<String, NodeHandle> nodes = new LinkedHashMap<>();

    private ChaosCluster(ClusterPlan plan, RedisBackend redis, List<NetNamespace> namespaces) {
        this.plan = plan;
        this.redis = redis;
        this.namespaces = namespaces;
    }

    /** Starts Redis and every node; on failure stops what it started and throws one line. */
    public static ChaosCluster start(ClusterPlan plan, PrintStream log) {
        requireNonNull(plan, "plan");
        requireNonNull(log, "log");
        if (plan.namespaces()) {
            NetNamespace.removeLeftovers(log);
        }
        var redis = RedisBackend.start(plan.redis());
        List<NetNamespace> namespaces = List.of();
        ChaosCluster cluster = null;
        try {
            namespaces = plan.namespaces() ? NetNamespace.create(plan.nodeIds().size()) : List.of();
            cluster = new ChaosCluster(plan, redis, namespaces);
            cluster.prepareNodes();
            for (var node : cluster.nodes.values()) {
                cluster.launch(node);
                log.println("chaos: node " + node.id() + " serves (epoch "
                        + node.ready().epoch() + ", pid " + node.process().pid() + ", agents reach it at "
                        + node.agentEndpoint().getHostString() + ":"
                        + node.agentEndpoint().getPort() + ")");
            }
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                namespaces.forEach(NetNamespace::close);
                redis.close();
            }
            throw e;
        }
    }

    private void prepareNodes() {
        var ids = plan.nodeIds();
        var relays = new ArrayList<UdpRelay>();
        var listens = new ArrayList<InetSocketAddress>();
        for (int i = 0; i < ids.size(); i++) {
            var namespace = namespace(i);
            var listen = namespace
                    .map(ns -> new InetSocketAddress(ns.nodeAddress(), NAMESPACE_PORT))
                    .orElseGet(() -> new InetSocketAddress(LOOPBACK, freeUdpPort()));
            listens.add(listen);
            relays.add(UdpRelay.start(ids.get(i), LOOPBACK, bindAddress(namespace), listen));
        }
        // Members name where agents reach each node: its relay.
        var members = new ArrayList<String>();
        for (int i = 0; i < ids.size(); i++) {
            var relay = relays.get(i).address();
            members.add(ids.get(i) + "=udp://" + relay.getHostString() + ":" + relay.getPort());
        }
        for (int i = 0; i < ids.size(); i++) {
            var id = ids.get(i);
            var namespace = namespace(i);
            Optional<FaultProxy> proxy = Optional.empty();
            Optional<TcpForwarder> forwarder = Optional.empty();
            String store;
            switch (redis) {
                case RedisBackend.Standalone standalone -> {
                    var faultProxy = FaultProxy.start(
                            standalone.server().host(), standalone.server().port());
                    proxy = Optional.of(faultProxy);
                    if (namespace.isPresent()) {
                        var forward = TcpForwarder.start(namespace.get().hostAddress(), faultProxy.address());
                        forwarder = Optional.of(forward);
                        store = "redis://" + namespace.get().hostAddress() + ":"
                                + forward.address().getPort();
                    } else {
                        store = "redis://" + faultProxy.host() + ":" + faultProxy.port();
                    }
                }
                case RedisBackend.Sentinel sentinel -> store = sentinel.group().uri();
            }
            var args = new NodeArgs(
                    id,
                    plan.runDir(),
                    InetSocketAddress.createUnresolved(
                            listens.get(i).getHostString(), listens.get(i).getPort()),
                    store,
                    plan.keyPrefix(),
                    plan.keys(),
                    plan.lease(),
                    String.join(",", members),
                    plan.partitionPolicy(),
                    plan.unsafe(),
                    0);
            var command = new ArrayList<String>();
            namespace.ifPresent(ns -> command.addAll(ns.execPrefix()));
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(JVM_FLAGS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ChaosNode.class.getName());
            command.addAll(args.toArgs());
            nodes.put(id, new NodeHandle(id, command, relays.get(i), proxy, namespace, forwarder));
        }
    }

    private Optional<NetNamespace> namespace(int index) {
        return namespaces.isEmpty() ? Optional.empty() : Optional.of(namespaces.get(index));
    }

    private static InetAddress bindAddress(Optional<NetNamespace> namespace) {
        try {
            return InetAddress.getByName(
                    namespace.map(NetNamespace::hostAddress).orElse(LOOPBACK));
        } catch (UnknownHostException e) {
            throw new ClusterException("not an address: " + e.getMessage(), e);
        }
    }

    private static int freeUdpPort() {
        try (var socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on " + LOOPBACK, e);
        }
    }

    private void launch(NodeHandle node) {
        try {
            Files.createDirectories(plan.runDir().resolve(HistoryFiles.NODES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var process = NodeProcess.start(node.id(), node.command(), logFile(node.id()));
        node.attach(process);
        node.started(process, process.awaitReady(NODE_START_TIMEOUT));
    }

    private java.nio.file.Path logFile(String node) {
        return plan.runDir().resolve("logs").resolve(node + ".log");
    }

    public ClusterPlan plan() {
        return plan;
    }

    public RedisBackend redis() {
        return redis;
    }

    public List<NodeHandle> nodes() {
        return List.copyOf(nodes.values());
    }

    public NodeHandle node(String id) {
        var node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node '" + id + "' in " + nodes.keySet());
        }
        return node;
    }

    /** Agent endpoint ({@code host:port} of a relay) to node id, for naming the node behind what an agent dialled. */
    public Map<String, String> nodeByAgentEndpoint() {
        return nodes.values().stream()
                .collect(Collectors.toMap(
                        node -> node.agentEndpoint().getHostString() + ":"
                                + node.agentEndpoint().getPort(),
                        NodeHandle::id));
    }

    /** SIGKILL of the node's process. */
    public void killNode(String id) {
        node(id).process().kill();
    }

    /** Starts a killed node again with the same id (it registers a new epoch); returns once it serves. */
    public NodeProtocol.Ready restartNode(String id) {
        var node = node(id);
        if (node.process().alive()) {
            throw new IllegalStateException(
                    "node " + id + " still runs (pid " + node.process().pid() + ")");
        }
        launch(node);
        return node.ready();
    }

    /**
     * Ends every node: gracefully (standard input closed) within {@code timeout}, else by SIGKILL. Returns the ids of
     * the nodes that had to be killed.
     */
    public List<String> stopNodes(Duration timeout) {
        var killed = new ArrayList<String>();
        for (var node : nodes.values()) {
            node.process().requestStop();
        }
        for (var node : nodes.values()) {
            if (!node.process().awaitExit(timeout)) {
                node.process().kill();
                killed.add(node.id());
            }
        }
        return killed;
    }

    @Override
    public void close() {
        for (var node : nodes.values()) {
            node.close();
        }
        namespaces.forEach(NetNamespace::close);
        redis.close();
    }
}
