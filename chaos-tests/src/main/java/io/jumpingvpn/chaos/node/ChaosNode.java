package io.jumpingvpn.chaos.node;

import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.gateway.ClusterSettings;
import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.LeaseProofPolicy;
import io.jumpingvpn.gateway.ListenEndpoint;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.redis.RedisSessionStore;
import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One gateway node of a chaos run, in a process of its own ({@code java -cp … io.jumpingvpn.chaos.node.ChaosNode
 * --node-id n1 …}, see {@link NodeArgs}). Started and ended by PID by the runner, which kills, pauses and restarts it;
 * a restart with the same node id registers a new epoch and appends to the same history file.
 *
 * <p>The node runs the real {@link Gateway} on the real Redis store, with the echo egress, the chaos policy
 * ({@link ChaosPolicy}), flood limits wide enough for many agents behind one loopback address, and a skewable wall clock.
 * {@code --unsafe} selects a test-only unsafe mode ({@link UnsafeMode}); nothing else can.
 */
public final class ChaosNode {

    /** The store's command timeout: short, so that a partition is noticed well within a lease. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    /** The longest any store call may take in the gateway (the outcome is unknown past it). */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);

    /** Generous per-source limits: every agent of a run reaches the node from the runner's one address. */
    static final FloodSettings FLOOD = FloodSettings.DEFAULT
            .withHandshakes(10_000, 10_000)
            .withReattaches(10_000, 10_000)
            .withCookieThreshold(1_000_000)
            .withSignedRejects(100_000, 100_000, 100_000);

    private ChaosNode() {}

    public static void main(String[] arguments) {
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        NodeArgs args;
        try {
            args = NodeArgs.parse(arguments);
        } catch (IllegalArgumentException e) {
            out.println(NodeProtocol.failed("bad arguments: " + e.getMessage()));
            System.exit(2);
            return;
        }
        var clock = new SkewableClock(Clock.systemUTC(), args.clockOffsetMillis());
        SessionStore store = RedisSessionStore.open(RedisStoreOptions.builder(args.store())
                .keyPrefix(args.keyPrefix())
                .commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1))
                .reconnectDelayMax(Duration.ofMillis(250))
                .tcpUserTimeout(Duration.ofSeconds(2))
                .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 2)
                .build());
        if (args.unsafe().filter(mode -> mode == UnsafeMode.LWW).isPresent()) {
            store = new LastWriteWinsStore(store);
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config(args, clock), store, new SimpleMeterRegistry());
        } catch (GatewayStartException | IllegalArgumentException | IOException e) {
            out.println(NodeProtocol.failed(e.getMessage()));
            store.close();
            System.exit(2);
            return;
        }
        var endpoint = gateway.endpoints().getFirst();
        out.println(new NodeProtocol.Ready(args.nodeId(), gateway.nodeRef().epoch(), endpoint.host(), endpoint.port())
                .line());
        serveCommands(out, clock);
        // Standard input closed: the runner is gone or done with this node.
        gateway.close();
        store.close();
        System.exit(0);
    }

    static GatewayConfig config(NodeArgs args, Clock clock) throws IOException {
        var policy = ChaosPolicy.withLease(args.lease());
        var cluster = ClusterSettings.DEFAULT.withPartitionPolicy(args.partitionPolicy());
        if (!args.members().isEmpty()) {
            cluster = cluster.withMembers(ClusterSettings.parseMembers(args.members()));
        }
        var builder = GatewayConfig.builder()
                .nodeId(args.nodeId())
                .listen(ListenEndpoint.udp(
                        args.listen().getHostString(), args.listen().getPort()))
                .keys(KeyDirectory.loadGateway(args.keys()))
                .egress("echo")
                .policy(policy)
                .nodeLease(args.lease())
                .historyFile(HistoryFiles.nodeFile(args.dir(), args.nodeId()))
                .flood(FLOOD)
                .clock(clock)
                .storeTimeout(STORE_TIMEOUT)
                .ioThreads(2)
                .closeTimeout(Duration.ofSeconds(2))
                .cluster(cluster);
        if (args.unsafe().filter(mode -> mode == UnsafeMode.NO_LEASE_CHECK).isPresent()) {
            builder.leaseProofPolicy(LeaseProofPolicy.UNSAFE_IGNORE_LAPSE);
        }
        return builder.build();
    }

    /** Reads commands until standard input ends; an unknown command is answered on the log, not fatal. */
    private static void serveCommands(PrintStream out, SkewableClock clock) {
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                var parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[0].equals(NodeProtocol.CLOCK_OFFSET)) {
                    try {
                        long offset = Long.parseLong(parts[1]);
                        clock.setOffsetMillis(offset);
                        out.println(NodeProtocol.clockOffsetAck(offset));
                    } catch (NumberFormatException e) {
                        System.err.println("chaos node: bad clock offset '" + parts[1] + "'");
                    }
                } else if (!line.isBlank()) {
                    System.err.println("chaos node: unknown command '" + line.strip() + "'");
                }
            }
        } catch (IOException e) {
            System.err.println("chaos node: standard input failed: " + e.getMessage());
        }
    }
}
