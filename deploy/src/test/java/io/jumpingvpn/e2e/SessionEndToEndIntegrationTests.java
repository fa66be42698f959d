package io.jumpingvpn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 end to end: a real gateway node on the in-memory store and a real agent, on loopback, with real key files.
 * Heartbeats every 50 ms; a transport is only declared dead after a second of silence and quality floors are out of
 * reach, so a slow machine cannot add transitions the tests do not expect. No test asserts speed.
 */
class SessionEndToEndIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** FAST heartbeats, steady judgement: dead after 1 s of silence, quality drops only if every heartbeat is lost. */
    private static final Policy POLICY = Policy.FAST.toBuilder()
            .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 1_000)
            .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 5_000)
            .set(PolicyKey.RECOVERY_WINDOW_MS, 3_000)
            .set(PolicyKey.LOSS_VOLATILE_THRESHOLD, 1.0)
            .set(PolicyKey.MAX_CONSECUTIVE_DROPS, 1_000)
            .build();

    @TempDir
    Path dir;

    private KeyDirectory.GatewayKeys gatewayKeys;
    private KeyDirectory.AgentKeys agentKeys;
    private final EventLog log = new EventLog();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void keys() throws Exception {
        var keyDir = dir.resolve("keys");
        KeyDirectory.generate(keyDir, new SecureRandom(), "e2e-agent");
        gatewayKeys = KeyDirectory.loadGateway(keyDir);
        agentKeys = KeyDirectory.loadAgent(keyDir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private Gateway gateway(SessionStore store, Policy policy, String... listen) {
        var gateway = Gateway.start(
                GatewayConfig.builder()
                        .nodeId("gw-1")
                        .listen(listen)
                        .keys(gatewayKeys)
                        .egress("echo")
                        .policy(policy)
                        .build(),
                store,
                new SimpleMeterRegistry());
        closeables.add(gateway);
        return gateway;
    }

    private Gateway gateway(String... listen) {
        var store = new InMemorySessionStore();
        closeables.add(store);
        return gateway(store, POLICY, listen);
    }

    private static Candidate candidate(Gateway gateway, TransportKind kind) {
        var endpoint = gateway.endpoint(kind).orElseThrow();
        return new Candidate(kind, "127.0.0.1:" + endpoint.port());
    }

    private Agent agent(Policy policy, Candidate... candidates) throws Exception {
        var builder = AgentConfig.builder()
                .keys(agentKeys)
                .policy(policy)
                .name("e2e-agent")
                .historyFile(dir.resolve("agents/e2e.jsonl"))
                .listener(log)
                .dataHandler(log);
        for (var candidate : candidates) {
            builder.gateway(candidate);
        }
        var agent = Agent.start(builder.build());
        closeables.add(agent);
        return agent;
    }

    private static String attached(Agent agent) throws InterruptedException {
        var outcome = agent.awaitAttached(WAIT);
        assertThat(outcome).isInstanceOf(AttachOutcome.Attached.class);
        return ((AttachOutcome.Attached) outcome).sessionId();
    }

    /** Sends numbered probes through the echo egress until one comes back: the tunnel carries data both ways. */
    private void dataFlows(Agent agent) {
        int first = probes.get();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            var payload = ("probe-" + probes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            agent.send(ByteBuffer.wrap(payload));
            byte[] echoed;
            while ((echoed = log.received.poll()) != null) {
                var text = new String(echoed, StandardCharsets.UTF_8);
                if (text.startsWith("probe-") && Integer.parseInt(text.substring(6)) > first) {
                    return true;
                }
            }
            return false;
        });
    }

    private static void awaitReattaches(Agent agent, int count) {
        await().atMost(WAIT)
                .until(() -> agent.status().counts().reattaches() == count
                        && agent.status().state() == SessionState.ATTACHED);
    }

    private AgentEnd end(Agent agent) throws Exception {
        return agent.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void birthTrafficTransportKilledRecoveringReattachAttachedTrafficContinues() throws Exception {
        var gateway = gateway("udp://127.0.0.1:0");
        var agent = agent(POLICY, candidate(gateway, TransportKind.UDP));
        var sessionId = attached(agent);
        dataFlows(agent);

        agent.killTransport();
        awaitReattaches(agent, 1);

        assertThat(log.stateChanges())
                .extracting(AgentEvent.StateChanged::to, AgentEvent.StateChanged::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SessionState.ATTACHED, 1L),
                        org.assertj.core.groups.Tuple.tuple(SessionState.RECOVERING, 2L),
                        org.assertj.core.groups.Tuple.tuple(SessionState.ATTACHED, 3L));
        // RECOVERING is kept locally by the version rule; the reattach commits it together with ATTACHED.
        assertThat(log.stateChanges())
                .extracting(AgentEvent.StateChanged::committed)
                .containsExactly(true, false, true);
        assertThat(agent.status().confirmedVersion()).isEqualTo(3);
        await().atMost(WAIT).until(() -> gateway.session(new SessionId(sessionId))
                .map(view -> view.version() == 3 && view.state() == SessionState.ATTACHED)
                .orElse(false));
        dataFlows(agent);
    }

    @Test
    void aNatRebindingIsAReattachFromANewSourcePort() throws Exception {
        var gateway = gateway("udp://127.0.0.1:0");
        var udp = candidate(gateway, TransportKind.UDP);
        var agent = agent(POLICY, udp);
        var sessionId = new SessionId(attached(agent));
        int before = agent.status().localAddress().orElseThrow().getPort();
        await().atMost(WAIT).until(() -> gateway.session(sessionId)
                .flatMap(view -> view.binding())
                .map(binding -> binding.peer().endsWith(":" + before))
                .orElse(false));

        agent.killTransport();
        awaitReattaches(agent, 1);

        int after = agent.status().localAddress().orElseThrow().getPort();
        assertThat(after).isNotEqualTo(before);
        assertThat(agent.status().candidate()).contains(udp);
        await().atMost(WAIT).until(() -> gateway.session(sessionId)
                .flatMap(view -> view.binding())
                .map(binding -> binding.peer().endsWith(":" + after))
                .orElse(false));
        assertThat(log.all(AgentEvent.TransportSwitched.class)).singleElement().satisfies(switched -> {
            assertThat(switched.previous()).isEqualTo(udp);
            assertThat(switched.current()).isEqualTo(udp);
            assertThat(switched.localAddress().getPort()).isEqualTo(after);
        });
        dataFlows(agent);
    }

    @Test
    void aTcpSessionSwitchesToUdp() throws Exception {
        var gateway = gateway("tcp://127.0.0.1:0", "udp://127.0.0.1:0");
        var tcp = candidate(gateway, TransportKind.TCP);
        var udp = candidate(gateway, TransportKind.UDP);
        var agent = agent(POLICY, tcp, udp);
        var sessionId = new SessionId(attached(agent));
        assertThat(agent.status().candidate()).contains(tcp);
        dataFlows(agent);

        agent.killTransport();
        awaitReattaches(agent, 1);

        assertThat(log.all(AgentEvent.TransportSwitched.class)).singleElement().satisfies(switched -> {
            assertThat(switched.previous()).isEqualTo(tcp);
            assertThat(switched.current()).isEqualTo(udp);
            assertThat(switched.version()).isEqualTo(3);
        });
        await().atMost(WAIT).until(() -> gateway.session(sessionId)
                .flatMap(view -> view.binding())
                .map(binding -> binding.transport().equals("udp"))
                .orElse(false));
        dataFlows(agent);
    }

    @Test
    void anUnreachableGatewayEndsTheSessionWhenTheRecoveryWindowIsExceeded() throws Exception {
        var gateway = gateway("udp://127.0.0.1:0");
        var agent = agent(POLICY, candidate(gateway, TransportKind.UDP));
        attached(agent);
        dataFlows(agent);

        gateway.close();

        assertThat(end(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED));
        assertThat(log.stateChanges())
                .extracting(AgentEvent.StateChanged::to)
                .containsExactly(SessionState.ATTACHED, SessionState.RECOVERING, SessionState.TERMINATED);
        assertThat(log.all(AgentEvent.TransportSwitched.class)).isEmpty();
    }

    @Test
    void theGatewaysSwitchRateLimitIsAPolicyDenySeenByTheAgent() throws Exception {
        var strict = POLICY.toBuilder()
                .set(PolicyKey.MAX_SWITCHES_PER_MIN, 2)
                .set(PolicyKey.SWITCH_COOLDOWN_MS, 0)
                .build();
        var store = new InMemorySessionStore();
        closeables.add(store);
        var gateway = gateway(store, strict, "udp://127.0.0.1:0");
        // The agent's own limits are looser than the gateway's: the gateway is the one to refuse.
        var agent = agent(POLICY, candidate(gateway, TransportKind.UDP));
        var sessionId = new SessionId(attached(agent));
        agent.killTransport();
        awaitReattaches(agent, 1);
        agent.killTransport();
        awaitReattaches(agent, 2);

        agent.killTransport();

        await().atMost(WAIT)
                .until(() -> !log.all(AgentEvent.ReattachRejected.class).isEmpty());
        assertThat(log.all(AgentEvent.ReattachRejected.class))
                .extracting(AgentEvent.ReattachRejected::code)
                .containsOnly(RejectCode.POLICY_DENY);
        // The agent retries after its cooldown and keeps being refused until its recovery window ends.
        assertThat(end(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED));
        assertThat(log.all(AgentEvent.ReattachRejected.class).size()).isGreaterThan(1);
        // Refusals changed nothing in the store: it still holds the version every refused request expected.
        var refusedAt = log.all(AgentEvent.ReattachSent.class).getLast().expectedVersion();
        var record = store.read(sessionId).toCompletableFuture().join();
        assertThat(record).isInstanceOfSatisfying(ReadResult.Found.class, found -> {
            assertThat(found.record().version()).isEqualTo(refusedAt);
            assertThat(found.record().lastNonce())
                    .isLessThan(log.all(AgentEvent.ReattachSent.class).getLast().nonce());
        });
    }

    @Test
    void aVersionRegressionSeenByTheAgentTerminatesTheSession() throws Exception {
        var store = new LaggingReplicaStore();
        closeables.add(store);
        var gateway = gateway(store, POLICY, "udp://127.0.0.1:0");
        var agent = agent(POLICY, candidate(gateway, TransportKind.UDP));
        attached(agent);
        store.stopReplication();
        agent.killTransport();
        awaitReattaches(agent, 1);
        assertThat(agent.status().highestSeenVersion()).isEqualTo(3);

        // The store fails over to a replica that never got the reattach: it is back at version 1.
        store.failOver();
        agent.killTransport();

        assertThat(end(agent)).isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> {
            assertThat(terminated.code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
            assertThat(terminated.detail()).contains("below the highest seen");
        });
        assertThat(log.all(AgentEvent.ReattachRejected.class))
                .extracting(AgentEvent.ReattachRejected::code, rejected -> rejected.currentVersion()
                        .orElse(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RejectCode.STALE_VERSION, 1L));
        assertThat(log.stateChanges().getLast().to()).isEqualTo(SessionState.TERMINATED);
        assertThat(agent.status().state()).isEqualTo(SessionState.TERMINATED);
    }
}
