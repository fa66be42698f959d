package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.internal.ClusterNodes;
import io.jumpingvpn.testkit.redis.internal.ConfigText;
import io.jumpingvpn.testkit.redis.internal.Waits;
import io.jumpingvpn.testkit.redis.internal.Waits.Probe;
import io.jumpingvpn.testkit.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of real processes on loopback, created without {@code redis-cli}: slots are assigned with
 * {@code CLUSTER ADDSLOTS}, nodes joined with {@code CLUSTER MEET}, replicas attached with {@code CLUSTER REPLICATE}.
 * Each node's cluster bus listens on its port + 10000.
 */
public final class RedisCluster implements RedisDeployment {

    public static final int SLOTS = 16_384;

    private final ClusterOptions options;
    private final List<RedisServer> initialMasters;
    private final List<RedisServer> nodes;

    private RedisCluster(ClusterOptions options, List<RedisServer> initialMasters, List<RedisServer> nodes) {
        this.options = options;
        this.initialMasters = List.copyOf(initialMasters);
        this.nodes = List.copyOf(nodes);
    }

    /** Three masters without replicas. */
    public static RedisCluster start() {
        return start(ClusterOptions.defaults());
    }

    /**
     * Starts the nodes, assigns the slots evenly to the masters, joins everything and returns when every node knows
     * every other, every replica's link is up and every node reports {@code cluster_state:ok}.
     *
     * @throws RedisFixtureException when a node does not start or the cluster does not converge in time
     */
    public static RedisCluster start(ClusterOptions options) {
        requireNonNull(options, "options");
        List<String> clusterConfig = List.of(
                "cluster-enabled yes",
                "cluster-config-file nodes.conf",
                "cluster-node-timeout " + options.nodeTimeout().toMillis());
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < options.nodeCount(); i++) {
                nodes.add(RedisServer.launch(RedisServer.Kind.CLUSTER_NODE, options.node(), clusterConfig, false));
            }
            List<RedisServer> masters = nodes.subList(0, options.masters());
            List<String> ids = nodes.stream()
                    .map(n -> n.command("CLUSTER", "MYID").asText())
                    .toList();
            for (int i = 0; i < masters.size(); i++) {
                // distinct epochs up front, as redis-cli does, instead of waiting for collision resolution
                expectOk(masters.get(i), "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                expectOk(masters.get(i), addSlots(i, masters.size()));
            }
            for (RedisServer node : nodes.subList(1, nodes.size())) {
                expectOk(
                        node,
                        "CLUSTER",
                        "MEET",
                        RedisServer.HOST,
                        Integer.toString(nodes.getFirst().port()));
            }
            for (int i = masters.size(); i < nodes.size(); i++) {
                RedisServer replica = nodes.get(i);
                String masterId = ids.get(i % masters.size());
                Waits.until("node " + replica + " to replicate " + masterId, options.readyTimeout(), () -> {
                    RespValue reply = replica.command("CLUSTER", "REPLICATE", masterId);
                    return reply.isOk() ? Probe.done(reply) : Probe.notYet(reply.toString());
                });
            }
            RedisCluster cluster = new RedisCluster(options, masters, nodes);
            cluster.awaitConverged(options.readyTimeout());
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:P1,...}: the masters as started, as seeds for topology discovery. */
    @Override
    public String uri() {
        return "redis-cluster://"
                + initialMasters.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    /** Every node, the masters as started first. */
    @Override
    public List<RedisServer> servers() {
        return nodes;
    }

    /** The masters serving slots now, as one reachable node sees them. */
    public List<RedisServer> masters() {
        return view().nodes().stream()
                .filter(n -> n.isMaster()
                        && !n.flags().contains("fail")
                        && !n.slots().isEmpty())
                .map(n -> nodeOnPort(n.port()))
                .toList();
    }

    /** The replicas now, as one reachable node sees them. */
    public List<RedisServer> replicas() {
        return view().nodes().stream()
                .filter(n -> n.isReplica() && !n.flags().contains("fail"))
                .map(n -> nodeOnPort(n.port()))
                .toList();
    }

    /** {@code CLUSTER KEYSLOT key}, computed by the server. */
    public int slotOf(String key) {
        return (int) anyReachable().command("CLUSTER", "KEYSLOT", key).asLong();
    }

    /** The master that serves {@code key} now. */
    public RedisServer masterFor(String key) {
        int slot = slotOf(key);
        return view().masterFor(slot)
                .map(n -> nodeOnPort(n.port()))
                .orElseThrow(() -> new RedisFixtureException(
                        "no master serves slot " + slot + " of key '" + key + "' in the view of " + anyReachable()));
    }

    /** Waits until every running node reports {@code cluster_state:ok} with all slots served. */
    public void awaitClusterOk(Duration timeout) {
        Waits.until("cluster_state:ok on every running node", timeout, () -> {
            for (RedisServer node : reachable()) {
                Map<String, String> info = clusterInfo(node);
                if (!"ok".equals(info.get("cluster_state"))
                        || !Integer.toString(SLOTS).equals(info.get("cluster_slots_ok"))) {
                    return Probe.notYet(node + " reports cluster_state:" + info.get("cluster_state")
                            + " cluster_slots_ok:" + info.get("cluster_slots_ok"));
                }
            }
            return Probe.done(true);
        });
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "RedisCluster[" + uri() + "]";
    }

    /** Stricter than {@link #awaitClusterOk}: the full membership and every replica link as created. */
    private void awaitConverged(Duration timeout) {
        int expectedReplicas = options.masters() * options.replicasPerMaster();
        Waits.until("every node to agree on the cluster as created", timeout, () -> {
            for (RedisServer node : nodes) {
                Map<String, String> info = clusterInfo(node);
                if (!"ok".equals(info.get("cluster_state"))
                        || !Integer.toString(nodes.size()).equals(info.get("cluster_known_nodes"))) {
                    return Probe.notYet(node + " reports " + info);
                }
                ClusterNodes view =
                        ClusterNodes.parse(node.command("CLUSTER", "NODES").asText());
                long masters = view.nodes().stream()
                        .filter(n -> n.isMaster() && !n.slots().isEmpty())
                        .count();
                long replicas = view.nodes().stream()
                        .filter(ClusterNodes.Node::isReplica)
                        .count();
                boolean troubled = view.nodes().stream().anyMatch(ClusterNodes.Node::isTroubled);
                if (masters != options.masters() || replicas != expectedReplicas || troubled) {
                    return Probe.notYet(node + " sees " + masters + " masters, " + replicas + " replicas, "
                            + (troubled ? "some" : "no") + " troubled nodes");
                }
                if (node.role().equals("slave")
                        && !"up".equals(node.info("replication").get("master_link_status"))) {
                    return Probe.notYet(node + " has no replication link yet");
                }
            }
            return Probe.done(true);
        });
    }

    private static String[] addSlots(int master, int masters) {
        int first = master * SLOTS / masters;
        int last = (master + 1) * SLOTS / masters - 1;
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = first; slot <= last; slot++) {
            args.add(Integer.toString(slot));
        }
        return args.toArray(String[]::new);
    }

    private static void expectOk(RedisServer node, String... command) {
        RespValue reply = node.command(command);
        if (!reply.isOk()) {
            throw new RedisFixtureException(
                    command[0] + " " + command[1] + " on " + node + " answered " + reply + " while creating a cluster");
        }
    }

    private static Map<String, String> clusterInfo(RedisServer node) {
        return ConfigText.parseInfo(node.command("CLUSTER", "INFO").asText());
    }

    private ClusterNodes view() {
        return ClusterNodes.parse(anyReachable().command("CLUSTER", "NODES").asText());
    }

    private List<RedisServer> reachable() {
        return nodes.stream().filter(n -> n.isRunning() && !n.isPaused()).toList();
    }

    private RedisServer anyReachable() {
        return reachable().stream()
                .findFirst()
                .orElseThrow(() -> new RedisFixtureException("no node of " + this + " is running"));
    }

    private RedisServer nodeOnPort(int port) {
        return nodes.stream()
                .filter(n -> n.port() == port)
                .findFirst()
                .orElseThrow(() -> new RedisFixtureException(
                        "cluster reports a node on port " + port + ", which is none of " + nodes));
    }
}
