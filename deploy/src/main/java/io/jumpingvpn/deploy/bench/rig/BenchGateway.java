package io.jumpingvpn.deploy.bench.rig;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.ListenEndpoint;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;

/**
 * A real gateway node in this process: the in-memory store, the {@code echo} egress, UDP and TCP on loopback
 * (ephemeral ports), the given policy and flood settings. Closing it closes the node, then the store.
 */
public final class BenchGateway implements AutoCloseable {

    /**
     * Every benchmark client is 127.0.0.1, so the per-source buckets (5 handshakes/s, 10 reattaches/s by default) and
     * the handshake cookie threshold would measure the flood defence rather than the node. They are lifted, not
     * removed: every request still passes through the same checks.
     */
    public static final FloodSettings ONE_SOURCE = FloodSettings.DEFAULT
            .withHandshakes(1_000_000, 1_000_000)
            .withReattaches(1_000_000, 1_000_000)
            .withCookieThreshold(1_000_000);

    private final InMemorySessionStore store;
    private final Gateway gateway;

    private BenchGateway(InMemorySessionStore store, Gateway gateway) {
        this.store = store;
        this.gateway = gateway;
    }

    public static BenchGateway start(KeyDirectory.GatewayKeys keys, Policy policy, FloodSettings flood) {
        requireNonNull(keys, "keys");
        var config = GatewayConfig.builder()
                .nodeId("bench-gw")
                .listen("udp://127.0.0.1:0", "tcp://127.0.0.1:0")
                .keys(keys)
                .egress("echo")
                .policy(requireNonNull(policy, "policy"))
                .flood(requireNonNull(flood, "flood"))
                .build();
        var store = new InMemorySessionStore();
        try {
            return new BenchGateway(store, Gateway.start(config, store, new SimpleMeterRegistry()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public ListenEndpoint endpoint(TransportKind kind) {
        return gateway.endpoint(kind).orElseThrow(() -> new IllegalStateException("the gateway has no " + kind));
    }

    public InetSocketAddress address(TransportKind kind) {
        return endpoint(kind).socketAddress();
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return gateway.transport();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            store.close();
        }
    }
}
