package io.jumpingvpn.deploy.bench.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.BenchGateway;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway nodes in this process sharing one Redis, as separate processes would: each node has its own Redis store
 * (its own connections, its own pub/sub subscriber, its own node lease) under one key prefix of the run's own, the
 * {@code echo} egress, one I/O thread, UDP on an ephemeral loopback port, and the flood limits lifted for a single
 * client address ({@link BenchGateway#ONE_SOURCE}). Closing it closes every node, then its store.
 */
public final class ClusterRig implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String keyPrefix;
    private final List<Gateway> nodes;
    private final List<SessionStore> stores;

    private ClusterRig(String keyPrefix, List<Gateway> nodes, List<SessionStore> stores) {
        this.keyPrefix = keyPrefix;
        this.nodes = nodes;
        this.stores = stores;
    }

    /** The Redis a cluster benchmark runs on, from its {@code --redis} flag: a Redis URI, nothing else. */
    public static StoreSpec.Redis redisFlag(String target) {
        if (!(StoreSpec.parse(target) instanceof StoreSpec.Redis redis)) {
            throw new UserError("--redis must be a Redis URI (redis://host:port), got " + target);
        }
        return redis;
    }

    /**
     * Starts {@code count} nodes {@code <runId>-n1 ...} on {@code store} with {@code policy} (its {@code NODE_LEASE_MS}
     * is the node lease), and waits until every node proves its lease.
     */
    public static ClusterRig start(
            StoreSpec.Redis store, int count, KeyDirectory.GatewayKeys keys, Policy policy, String runId) {
        requireNonNull(store, "store");
        requireNonNull(keys, "keys");
        requireNonNull(policy, "policy");
        requireNonNull(runId, "runId");
        var prefix = "jvpn-bench-" + runId;
        var nodes = new ArrayList<Gateway>();
        var stores = new ArrayList<SessionStore>();
        var rig = new ClusterRig(prefix, nodes, stores);
        try {
            for (int i = 1; i <= count; i++) {
                var nodeStore = store.open(builder -> builder.keyPrefix(prefix));
                stores.add(nodeStore);
                var config = GatewayConfig.builder()
                        .nodeId(runId + "-n" + i)
                        .listen("udp://127.0.0.1:0")
                        .keys(keys)
                        .egress("echo")
                        .policy(policy)
                        .flood(BenchGateway.ONE_SOURCE)
                        .ioThreads(1)
                        .closeTimeout(Duration.ofSeconds(2))
                        .build();
                nodes.add(Gateway.start(config, nodeStore, new SimpleMeterRegistry()));
            }
            rig.awaitLeases();
            return rig;
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** A run id: short, random, usable in node ids and key prefixes. */
    public static String newRunId() {
        return Long.toString(new SecureRandom().nextLong() & 0xffffffffL, 36);
    }

    private void awaitLeases() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (var node : nodes) {
            while (!node.leaseProven()) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("gateway node " + node.nodeRef() + " did not prove its lease within "
                            + START_TIMEOUT.toSeconds() + " s: is Redis reachable?");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UserError("interrupted while the gateway nodes started", e);
                }
            }
        }
    }

    public List<Gateway> nodes() {
        return List.copyOf(nodes);
    }

    public Gateway node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /** Where node {@code index} receives UDP. */
    public InetSocketAddress udp(int index) {
        return nodes.get(index)
                .endpoint(TransportKind.UDP)
                .orElseThrow(() -> new IllegalStateException("node " + index + " has no UDP endpoint"))
                .socketAddress();
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** {@code epoll} or {@code nio}: the nodes' I/O. */
    public String transport() {
        return nodes.getFirst().transport();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (var node : nodes.reversed()) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (var store : stores) {
            try {
                store.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
