package io.jumpingvpn.cluster;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ClusterSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.FaultInjectingStore;
import io.jumpingvpn.gateway.testing.RecordingAuditSink;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.redis.RedisSessionStore;
import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.jumpingvpn.testkit.redis.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gateway nodes in this JVM on one real redis-server, each with a Redis store of its own (as separate processes would
 * have), wrapped in a {@link FaultInjectingStore} so that one node can be cut off from Redis while the others are not;
 * one cluster key, a membership list naming every node, history files in a {@link RunDirectory}; and real agents.
 */
final class InProcessCluster implements AutoCloseable {

    /** Heartbeats every 100 ms, a transport dead after 1 s of silence; no quality transitions; switches unlimited. */
    static final Policy POLICY = Policy.FAST.toBuilder()
            .set(PolicyKey.HEARTBEAT_INTERVAL_MS, 100)
            .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 1_000)
            .set(PolicyKey.LOSS_WINDOW_MS, 2_000)
            .set(PolicyKey.LOSS_VOLATILE_THRESHOLD, 1.0)
            .set(PolicyKey.MAX_CONSECUTIVE_DROPS, 1_000)
            .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 20_000)
            .set(PolicyKey.RECOVERY_WINDOW_MS, 20_000)
            .set(PolicyKey.SWITCH_COOLDOWN_MS, 0)
            .set(PolicyKey.MAX_SWITCHES_PER_MIN, 600)
            .set(PolicyKey.NODE_LEASE_MS, 1_500)
            .build();

    static final Duration LEASE = POLICY.nodeLease();

    /** One node. */
    record Node(String id, Gateway gateway, FaultInjectingStore store, RecordingAuditSink audit, int port) {
        Candidate udp() {
            return new Candidate(TransportKind.UDP, "127.0.0.1:" + port);
        }
    }

    final RedisServer redis;
    final RunDirectory run;
    final KeyDirectory.GatewayKeys gatewayKeys;
    final KeyDirectory.AgentKeys agentKeys;
    final List<Node> nodes = new ArrayList<>();
    final AgentFleet agents;
    private final String keyPrefix = "jvpn-cl-" + Long.toString(new SecureRandom().nextLong() & 0xffffffL, 36);
    private final List<RedisSessionStore> stores = new ArrayList<>();

    InProcessCluster(Path temp, RedisServer redis, int count, PartitionPolicy policy) {
        this.redis = redis;
        var keys = temp.resolve("keys");
        try {
            KeyDirectory.generate(keys, new SecureRandom(), "cluster-agent");
            gatewayKeys = KeyDirectory.loadGateway(keys);
            agentKeys = KeyDirectory.loadAgent(keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make keys", e);
        }
        var ids = new ArrayList<String>();
        for (int i = 1; i <= count; i++) {
            ids.add("n" + i);
        }
        // The liveness bound of the brief: two node leases plus one recovery attempt (a transport declared dead).
        this.run = new RunDirectory(
                temp.resolve("run"),
                ids,
                LEASE.toMillis(),
                2 * LEASE.toMillis() + POLICY.heartbeatVolatile().toMillis());
        this.agents = new AgentFleet(agentKeys, POLICY, run);
        var ports = ClusterFixture.freePorts(count);
        var members = new ArrayList<ClusterMember>();
        for (int i = 0; i < count; i++) {
            members.add(ClusterMember.parse(
                    ids.get(i) + "=udp://127.0.0.1:" + ports.get(i) + ";tcp://127.0.0.1:" + ports.get(i)));
        }
        var cluster = ClusterSettings.DEFAULT.withMembers(members).withPartitionPolicy(policy);
        try {
            for (int i = 0; i < count; i++) {
                var redisStore = RedisSessionStore.open(RedisStoreOptions.builder(redis.uri())
                        .keyPrefix(keyPrefix)
                        .commandTimeout(Duration.ofMillis(500))
                        .reconnectDelayMax(Duration.ofMillis(200))
                        .build());
                stores.add(redisStore);
                var store = new FaultInjectingStore(redisStore);
                var audit = new RecordingAuditSink();
                var gateway = Gateway.start(
                        GatewayConfig.builder()
                                .nodeId(ids.get(i))
                                .listen("udp://127.0.0.1:" + ports.get(i), "tcp://127.0.0.1:" + ports.get(i))
                                .keys(gatewayKeys)
                                .policy(POLICY)
                                .storeTimeout(Duration.ofSeconds(1))
                                .historyFile(run.nodeHistory(ids.get(i)))
                                .auditSink(audit)
                                .ioThreads(1)
                                .closeTimeout(Duration.ofSeconds(2))
                                .cluster(cluster)
                                .build(),
                        store,
                        new SimpleMeterRegistry());
                nodes.add(new Node(ids.get(i), gateway, store, audit, ports.get(i)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** An agent named {@code name} with {@code candidates}, its history in the run directory. */
    AgentFleet.RunningAgent agent(String name, Candidate... candidates) {
        return agents.start(name, candidates);
    }

    /** The session's record in Redis, read through the first node's store. */
    SessionRecord record(String session) {
        try {
            var read = stores.getFirst()
                    .read(new SessionId(session))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            if (read instanceof ReadResult.Found found) {
                return found.record();
            }
            throw new AssertionError("no record for " + session + ": " + read);
        } catch (Exception e) {
            throw new AssertionError("reading " + session + " failed", e);
        }
    }

    /** Which node holds {@code session} bound, by the nodes' own tables (empty: none; several: a failure). */
    List<String> boundAt(String session) {
        var holders = new ArrayList<String>();
        for (var node : nodes) {
            node.gateway()
                    .session(new SessionId(session))
                    .filter(view -> view.binding().isPresent())
                    .ifPresent(view -> holders.add(node.id()));
        }
        return holders;
    }

    @Override
    public void close() {
        agents.close();
        for (var node : nodes.reversed()) {
            node.gateway().close();
        }
        for (var store : stores) {
            store.close();
        }
    }
}
