package io.jumpingvpn.gateway.testing;

import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A gateway on loopback with real keys (generated into a temporary directory), a store (in-memory unless given), a
 * meter registry and a recording audit sink. A second allowlisted agent key is available for tests that need one.
 */
public final class GatewayFixture implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The fixture's default: the FAST policy, except that heartbeats are expected every second, silence is judged only
     * after 9 s (lost heartbeats, over a one-minute loss window) and 10 s (dead transport), so that a test which sends no heartbeats, or a slow
     * machine, does not move its session by accident. Tests of detection use {@link Policy#FAST} itself.
     */
    public static final Policy STEADY = Policy.FAST.withOverrides(Map.of(
            "HEARTBEAT_INTERVAL_MS", "1000",
            "LOSS_WINDOW_MS", "60000",
            "MAX_CONSECUTIVE_DROPS", "8",
            "HEARTBEAT_VOLATILE_MS", "10000",
            "TRANSPORT_LOST_TTL_MS", "20000",
            "RECOVERY_WINDOW_MS", "15000"));

    public final KeyDirectory.GatewayKeys gatewayKeys;
    public final KeyDirectory.AgentKeys agentKeys;
    public final KeyDirectory.AgentKeys otherAgentKeys;
    public final SessionStore store;
    public final MeterRegistry registry;
    public final RecordingAuditSink audit = new RecordingAuditSink();
    public final Gateway gateway;

    private GatewayFixture(
            Path temp, SessionStore store, MeterRegistry registry, UnaryOperator<GatewayConfig.Builder> customize) {
        this.registry = registry;
        var dir = temp.resolve("keys-" + UUID.randomUUID());
        try {
            KeyDirectory.generate(dir, RANDOM, "test-agent");
            var loaded = KeyDirectory.loadGateway(dir);
            this.agentKeys = KeyDirectory.loadAgent(dir);
            var other = IdentityKeyPair.generate(RANDOM);
            this.otherAgentKeys = new KeyDirectory.AgentKeys(other, agentKeys.gatewayKey());
            this.gatewayKeys = new KeyDirectory.GatewayKeys(
                    loaded.gatewayKey(),
                    AgentAllowlist.of(Map.of(
                            agentKeys.agentKey().publicKey(),
                            Optional.of("test-agent"),
                            other.publicKey(),
                            Optional.of("other-agent"))));
        } catch (KeyFileException e) {
            throw new UncheckedIOException(e);
        }
        this.store = store;
        var builder = GatewayConfig.builder()
                .nodeId("gw-test")
                .listen("udp://127.0.0.1:0", "tcp://127.0.0.1:0")
                .keys(gatewayKeys)
                .policy(STEADY)
                .auditSink(audit)
                .ioThreads(2);
        this.gateway = Gateway.start(customize.apply(builder).build(), store, registry);
    }

    public static GatewayFixture start(Path temp) {
        return start(temp, new InMemorySessionStore(), b -> b);
    }

    public static GatewayFixture start(Path temp, UnaryOperator<GatewayConfig.Builder> customize) {
        return start(temp, new InMemorySessionStore(), customize);
    }

    public static GatewayFixture start(Path temp, SessionStore store, UnaryOperator<GatewayConfig.Builder> customize) {
        return new GatewayFixture(temp, store, new SimpleMeterRegistry(), customize);
    }

    /** A gateway whose meters go to {@code registry} (a Prometheus one, for tests of the ops endpoint). */
    public static GatewayFixture start(
            Path temp, SessionStore store, MeterRegistry registry, UnaryOperator<GatewayConfig.Builder> customize) {
        return new GatewayFixture(temp, store, registry, customize);
    }

    /** A policy like {@link #STEADY} with {@code overrides}. */
    public static Policy steady(Map<String, String> overrides) {
        return STEADY.withOverrides(overrides);
    }

    public static FloodSettings lenientFlood() {
        return FloodSettings.DEFAULT.withHandshakes(1_000, 1_000).withReattaches(1_000, 1_000);
    }

    public InetSocketAddress udp() {
        return address(TransportKind.UDP);
    }

    public InetSocketAddress tcp() {
        return address(TransportKind.TCP);
    }

    private InetSocketAddress address(TransportKind kind) {
        var endpoint = gateway.endpoint(kind).orElseThrow();
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }

    public TestAgent udpAgent() {
        return TestAgent.udp(udp(), agentKeys);
    }

    public TestAgent tcpAgent() {
        return TestAgent.tcp(tcp(), agentKeys);
    }

    public TestAgent agent(TransportKind kind) {
        return kind == TransportKind.UDP ? udpAgent() : tcpAgent();
    }

    /** The stored record of {@code session}; fails if there is none. */
    public SessionRecord record(String session) {
        return record(store, session);
    }

    public static SessionRecord record(SessionStore store, String session) {
        try {
            var read = store.read(new SessionId(session)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (read instanceof ReadResult.Found found) {
                return found.record();
            }
            throw new AssertionError("no record for " + session + ": " + read);
        } catch (Exception e) {
            throw new AssertionError("reading " + session + " failed", e);
        }
    }

    /** The sum of the counter {@code name} over the series matching {@code tags} (name/value pairs). */
    public double count(String name, String... tags) {
        var search = registry.find(name);
        for (int i = 0; i < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        gateway.close();
        store.close();
    }
}
