package io.jumpingvpn.cluster;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ClusterSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.Rendezvous;
import io.jumpingvpn.gateway.Routing;
import io.jumpingvpn.gateway.admin.AdminApiServer;
import io.jumpingvpn.gateway.admin.AdminTokens;
import io.jumpingvpn.gateway.admin.PeerImporter;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.RecordingAuditSink;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A sticky-routing cluster in this JVM: every node with an in-memory store of its own (nothing shared), its admin API on
 * loopback with one token file shared by all (the token a node presents to the others when it hands a session over), a
 * membership list naming every node with its UDP, TCP and admin addresses; history files in a {@link RunDirectory};
 * real agents. Nodes can join later ({@link #start(int)}), with the list of all of them.
 */
final class StickyCluster implements AutoCloseable {

    static final String TOKEN = "sticky-test-token-0123456789abcdef";

    /** One node. */
    record Node(String id, Gateway gateway, AdminApiServer admin, RecordingAuditSink audit, int port) {
        Candidate udp() {
            return new Candidate(TransportKind.UDP, "127.0.0.1:" + port);
        }

        NodeId nodeId() {
            return new NodeId(id);
        }
    }

    final RunDirectory run;
    final AgentFleet agents;
    final List<Node> nodes = new ArrayList<>();
    private final KeyDirectory.GatewayKeys gatewayKeys;
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> ports;
    private final List<Integer> adminPorts;
    private final AdminTokens tokens = AdminTokens.of("peers", TOKEN);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Room for {@code capacity} nodes, none started yet. */
    StickyCluster(Path temp, int capacity) {
        var keys = temp.resolve("keys");
        KeyDirectory.AgentKeys agentKeys;
        try {
            KeyDirectory.generate(keys, new SecureRandom(), "sticky-agent");
            gatewayKeys = KeyDirectory.loadGateway(keys);
            agentKeys = KeyDirectory.loadAgent(keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make keys", e);
        }
        for (int i = 1; i <= capacity; i++) {
            ids.add("n" + i);
        }
        var free = ClusterFixture.freePorts(2 * capacity);
        ports = free.subList(0, capacity);
        adminPorts = free.subList(capacity, 2 * capacity);
        var lease = InProcessCluster.LEASE.toMillis();
        this.run = new RunDirectory(
                temp.resolve("run"),
                ids,
                lease,
                2 * lease + InProcessCluster.POLICY.heartbeatVolatile().toMillis());
        this.agents = new AgentFleet(agentKeys, InProcessCluster.POLICY, run);
    }

    /** The membership list of the first {@code count} nodes. */
    List<ClusterMember> members(int count) {
        var members = new ArrayList<ClusterMember>();
        for (int i = 0; i < count; i++) {
            members.add(ClusterMember.parse(ids.get(i) + "=udp://127.0.0.1:" + ports.get(i) + ";tcp://127.0.0.1:"
                    + ports.get(i) + ";admin://127.0.0.1:" + adminPorts.get(i)));
        }
        return members;
    }

    List<NodeId> memberIds(int count) {
        return ids.subList(0, count).stream().map(NodeId::new).toList();
    }

    /** Starts the next node, which routes by the list of the first {@code members} nodes (itself among them). */
    Node start(int members) {
        int index = nodes.size();
        var id = ids.get(index);
        var audit = new RecordingAuditSink();
        var cluster = ClusterSettings.DEFAULT
                .withMembers(members(members))
                .withRouting(Routing.STICKY)
                .withImporter(PeerImporter.using(tokens, Duration.ofSeconds(5)));
        var gateway = Gateway.start(
                GatewayConfig.builder()
                        .nodeId(id)
                        .listen("udp://127.0.0.1:" + ports.get(index), "tcp://127.0.0.1:" + ports.get(index))
                        .keys(gatewayKeys)
                        .policy(InProcessCluster.POLICY)
                        .historyFile(run.nodeHistory(id))
                        .auditSink(audit)
                        .ioThreads(1)
                        .closeTimeout(Duration.ofSeconds(2))
                        .cluster(cluster)
                        .build(),
                new InMemorySessionStore(),
                new SimpleMeterRegistry());
        AdminApiServer admin;
        try {
            admin = AdminApiServer.start(new InetSocketAddress("127.0.0.1", adminPorts.get(index)), tokens, gateway);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        var node = new Node(id, gateway, admin, audit, ports.get(index));
        nodes.add(node);
        return node;
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** The node whose UDP endpoint is {@code candidate}. */
    Node at(Candidate candidate) {
        return nodes.stream()
                .filter(n -> n.udp().equals(candidate))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node at " + candidate));
    }

    /** The owner of {@code session} among the first {@code members} nodes. */
    Node owner(String session, int members) {
        var owner = Rendezvous.owner(session, memberIds(members));
        return nodes.stream().filter(n -> n.nodeId().equals(owner)).findFirst().orElseThrow();
    }

    /** The id of the owner of {@code session} among the first {@code members} nodes, started or not. */
    String ownerId(String session, int members) {
        return Rendezvous.owner(session, memberIds(members)).value();
    }

    /** An agent named {@code name} with {@code candidates}, its history in the run directory. */
    AgentFleet.RunningAgent agent(String name, Candidate... candidates) {
        return agents.start(name, candidates);
    }

    /** {@code POST /v1/members} with the first {@code members} nodes at {@code node}'s admin API: status and body. */
    HttpResponse<String> setMembers(Node node, int members) throws IOException, InterruptedException {
        return setMembers(node, members(members));
    }

    /** {@code POST /v1/members} with {@code list} at {@code node}'s admin API: status and body. */
    HttpResponse<String> setMembers(Node node, List<ClusterMember> list) throws IOException, InterruptedException {
        var body = list.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(",", "{\"members\":[", "]}"));
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.admin().port() + "/v1/members"))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Operator", "test")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Which nodes hold {@code session}, by their own tables. */
    List<String> heldAt(String session) {
        var holders = new ArrayList<String>();
        for (var node : nodes) {
            if (node.gateway()
                    .session(new io.jumpingvpn.store.SessionId(session))
                    .isPresent()) {
                holders.add(node.id());
            }
        }
        return holders;
    }

    /** Stops {@code node} as a lost node would be (its records go with it): admin API and gateway closed. */
    void lose(Node node) {
        node.admin().close();
        node.gateway().close();
    }

    Optional<Node> find(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    @Override
    public void close() {
        agents.close();
        for (var node : nodes.reversed()) {
            node.admin().close();
            node.gateway().close();
        }
        http.close();
    }
}
