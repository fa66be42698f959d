package io.jumpingvpn.gateway.testing;

import io.jumpingvpn.gateway.ClusterNode;
import io.jumpingvpn.gateway.ClusterSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Several gateway nodes on one shared in-memory store, in this JVM: one cluster key and agent allowlist, a membership
 * list naming every node's endpoints, a history file per node, each node's store calls through its own
 * {@link FaultInjectingStore} (so one node can be cut off while the others are not), its own audit sink and registry.
 * Every node listens on UDP and TCP at one port number picked free before the start.
 */
public final class ClusterFixture implements AutoCloseable {

    /** One node of the cluster. */
    public record Node(
            String id,
            Gateway gateway,
            FaultInjectingStore store,
            RecordingAuditSink audit,
            SimpleMeterRegistry registry,
            Path history,
            int port) {

        public InetSocketAddress udp() {
            return new InetSocketAddress("127.0.0.1", port);
        }

        public InetSocketAddress tcp() {
            return new InetSocketAddress("127.0.0.1", port);
        }

        public InetSocketAddress address(TransportKind kind) {
            return kind == TransportKind.UDP ? udp() : tcp();
        }

        public double count(String name, String... tags) {
            var search = registry.find(name);
            for (int i = 0; i < tags.length; i += 2) {
                search = search.tag(tags[i], tags[i + 1]);
            }
            return search.counters().stream().mapToDouble(Counter::count).sum();
        }

        /** The node's history lines so far (the writer is asynchronous: poll with Awaitility). */
        public List<String> historyLines() {
            try {
                return Files.exists(history) ? Files.readAllLines(history) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public final InMemorySessionStore shared = new InMemorySessionStore();
    public final KeyDirectory.GatewayKeys gatewayKeys;
    public final KeyDirectory.AgentKeys agentKeys;
    public final Path historyDir;
    public final List<Node> nodes = new ArrayList<>();

    private ClusterFixture(Path temp, int count, UnaryOperator<GatewayConfig.Builder> customize) {
        var keys = temp.resolve("cluster-keys");
        try {
            KeyDirectory.generate(keys, new SecureRandom(), "cluster-agent");
            gatewayKeys = KeyDirectory.loadGateway(keys);
            agentKeys = KeyDirectory.loadAgent(keys);
        } catch (KeyFileException e) {
            throw new IllegalStateException(e);
        }
        historyDir = temp.resolve("history");
        var ports = freePorts(count);
        var members = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int port = ports.get(i);
            members.append(i == 0 ? "" : ",")
                    .append(nodeId(i))
                    .append("=udp://127.0.0.1:")
                    .append(port)
                    .append(";tcp://127.0.0.1:")
                    .append(port);
        }
        var cluster = ClusterSettings.DEFAULT.withMembers(ClusterSettings.parseMembers(members.toString()));
        try {
            for (int i = 0; i < count; i++) {
                var id = nodeId(i);
                var store = new FaultInjectingStore(shared);
                var audit = new RecordingAuditSink();
                var registry = new SimpleMeterRegistry();
                var history = historyDir.resolve("nodes").resolve(id + ".jsonl");
                var builder = GatewayConfig.builder()
                        .nodeId(id)
                        .listen("udp://127.0.0.1:" + ports.get(i), "tcp://127.0.0.1:" + ports.get(i))
                        .keys(gatewayKeys)
                        .policy(GatewayFixture.STEADY)
                        .flood(GatewayFixture.lenientFlood())
                        .auditSink(audit)
                        .historyFile(history)
                        .ioThreads(2)
                        .cluster(cluster);
                var gateway = Gateway.start(customize.apply(builder).build(), store, registry);
                nodes.add(new Node(id, gateway, store, audit, registry, history, ports.get(i)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code count} nodes {@code n1}, {@code n2}, ... on one store, each configured by {@code customize} too. */
    public static ClusterFixture start(Path temp, int count, UnaryOperator<GatewayConfig.Builder> customize) {
        return new ClusterFixture(temp, count, customize);
    }

    public static String nodeId(int index) {
        return "n" + (index + 1);
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    /** A raw test agent that talks to {@code node} over {@code kind}. */
    public TestAgent agent(Node node, TransportKind kind) {
        return kind == TransportKind.UDP ? TestAgent.udp(node.udp(), agentKeys) : TestAgent.tcp(node.tcp(), agentKeys);
    }

    /** The stored record of {@code session}; fails if there is none. */
    public SessionRecord record(String session) {
        return GatewayFixture.record(shared, session);
    }

    /** {@code nodeId} as {@code viewer} lists it from the store's leases; fails if the store does not know it. */
    public static ClusterNode listed(Gateway viewer, String nodeId) {
        try {
            var result = viewer.nodes().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (!(result instanceof StoreResult.Committed<List<ClusterNode>> committed)) {
                throw new AssertionError("the store did not list the nodes: " + result);
            }
            return committed.value().stream()
                    .filter(node -> node.node().node().value().equals(nodeId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no node " + nodeId + " in " + committed.value()));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("listing the nodes failed", e);
        }
    }

    /** Port numbers free for both UDP and TCP on loopback right now. */
    public static List<Integer> freePorts(int count) {
        var ports = new ArrayList<Integer>();
        var seen = new HashSet<Integer>();
        for (int attempt = 0; attempt < 200 && ports.size() < count; attempt++) {
            try (var udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (var tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    if (seen.add(port)) {
                        ports.add(port);
                    }
                } catch (IOException taken) {
                    // TCP port in use: try another.
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("could not find " + count + " free ports");
        }
        return ports;
    }

    @Override
    public void close() {
        for (var node : nodes.reversed()) {
            node.gateway().close();
        }
        shared.close();
    }
}
