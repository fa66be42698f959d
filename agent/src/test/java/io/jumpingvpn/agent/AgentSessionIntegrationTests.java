package io.jumpingvpn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.agent.testing.Recorder;
import io.jumpingvpn.agent.testing.ScriptedGateway;
import io.jumpingvpn.agent.testing.SessionTable;
import io.jumpingvpn.agent.testing.TestKeys;
import io.jumpingvpn.agent.testing.TestPolicies;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.Data;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole session against a scripted gateway on loopback: birth, data both ways, a killed transport, the history. */
class AgentSessionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestKeys keys = TestKeys.generate();
    private final SessionTable table = new SessionTable(keys.gatewayKeys(), TestPolicies.steady(), "session-one");
    private final Recorder recorder = new Recorder();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private ScriptedGateway udpGateway() throws IOException {
        var gateway = ScriptedGateway.udp(table);
        closeables.add(gateway);
        return gateway;
    }

    private Agent start(AgentConfig.Builder builder) throws IOException {
        var agent = Agent.start(builder.build());
        closeables.add(agent);
        return agent;
    }

    private AgentConfig.Builder config(ScriptedGateway gateway) {
        return AgentConfig.builder()
                .gateway(gateway.candidate())
                .keys(keys.agentKeys())
                .policy(TestPolicies.steady())
                .name("agent-1")
                .listener(recorder)
                .dataHandler(recorder);
    }

    @Test
    void birthThenDataBothWays() throws Exception {
        var gateway = udpGateway();
        var agent = start(config(gateway));

        var attached = agent.awaitAttached(WAIT);

        assertThat(attached).isEqualTo(new AttachOutcome.Attached("session-one", 1));
        assertThat(recorder.all(AgentEvent.Attached.class)).singleElement().satisfies(event -> {
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.candidate()).isEqualTo(gateway.candidate());
        });
        assertThat(agent.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        var echoed = recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(echoed).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(gateway.data).singleElement().isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        // Heartbeats flow and confirm the version.
        await().atMost(WAIT).until(() -> gateway.heartbeats.size() >= 3);
        assertThat(gateway.heartbeats).allSatisfy(heartbeat -> assertThat(heartbeat.confirmedVersion())
                .isEqualTo(1));
        var status = agent.status();
        assertThat(status.state()).isEqualTo(SessionState.ATTACHED);
        assertThat(status.candidate()).contains(gateway.candidate());
        assertThat(status.counts().dataSent()).isEqualTo(1);
        assertThat(status.counts().dataReceived()).isEqualTo(1);
    }

    @Test
    void theLocalForwardCarriesDatagramsAndRepliesToTheLastSender() throws Exception {
        var gateway = udpGateway();
        var agent = start(config(gateway).forward(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var forward = agent.status().forwardAddress().orElseThrow();

        try (var app = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            app.setSoTimeout((int) WAIT.toMillis());
            var out = "ping-through-the-tunnel".getBytes(StandardCharsets.UTF_8);
            app.send(new DatagramPacket(out, out.length, forward));
            var in = new DatagramPacket(new byte[2048], 2048);
            app.receive(in);
            assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("ping-through-the-tunnel");
        }
        assertThat(gateway.data).singleElement().isEqualTo("ping-through-the-tunnel".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKilledTransportIsReplacedByAReattachOverANewSocket() throws Exception {
        var gateway = udpGateway();
        var agent = start(config(gateway));
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var firstPort = agent.status().localAddress().orElseThrow().getPort();

        agent.killTransport();

        await().atMost(WAIT)
                .until(() -> agent.status().counts().reattaches() == 1
                        && agent.status().state() == SessionState.ATTACHED);
        var status = agent.status();
        // ATTACHED@1 -> RECOVERING (kept locally, tentatively 2) -> ATTACHED@3 committed by the reattach.
        assertThat(status.confirmedVersion()).isEqualTo(3);
        assertThat(recorder.states())
                .containsExactly(SessionState.ATTACHED, SessionState.RECOVERING, SessionState.ATTACHED);
        assertThat(recorder.stateVersions()).containsExactly(1L, 2L, 3L);
        assertThat(status.localAddress().orElseThrow().getPort()).isNotEqualTo(firstPort);
        assertThat(gateway.reattachRequests).singleElement().satisfies(request -> {
            assertThat(request.expectedVersion()).isEqualTo(1);
            assertThat(request.nonce()).isEqualTo(1);
            assertThat(request.candidate()).isEqualTo(gateway.candidate());
        });
        assertThat(recorder.all(AgentEvent.TransportLost.class))
                .singleElement()
                .extracting(AgentEvent.TransportLost::cause)
                .isEqualTo(AgentEvent.LossCause.KILLED);
        assertThat(recorder.all(AgentEvent.TransportSwitched.class))
                .singleElement()
                .satisfies(switched -> {
                    assertThat(switched.version()).isEqualTo(3);
                    assertThat(switched.localAddress().getPort()).isNotEqualTo(firstPort);
                });
        assertThat(status.counts().switches()).isEqualTo(1);
        // Data flows again, under the new keys.
        assertThat(agent.send(ByteBuffer.wrap(new byte[] {1, 2, 3}))).isTrue();
        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        await().atMost(WAIT).until(() -> gateway.heartbeats.stream().anyMatch(h -> h.confirmedVersion() == 3));
    }

    @Test
    void framesOfTheBindingBeforeTheReattachAreRefused() throws Exception {
        var gateway = udpGateway();
        var agent = start(config(gateway).historyFile(dir.resolve("agent.jsonl")));
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        agent.killTransport();
        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        long rejectedBefore = agent.status().counts().framesRejected();

        gateway.sendWithPreviousBinding(Data.of("from the old binding".getBytes(StandardCharsets.UTF_8)));
        gateway.sendToAgent(Data.of("from the new binding".getBytes(StandardCharsets.UTF_8)));

        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("from the new binding");
        await().atMost(WAIT).until(() -> agent.status().counts().framesRejected() > rejectedBefore);
        assertThat(recorder.data).isEmpty();
        agent.close();
        var lines = historyLines(dir.resolve("agent.jsonl"));
        assertThat(lines)
                .filteredOn(line -> line.get("event").asText().equals("reject_frame"))
                .anySatisfy(line -> {
                    assertThat(line.get("version").asLong()).isEqualTo(1);
                    assertThat(line.get("code").asText()).isEqualTo("WRONG_ATTACHMENT");
                });
        assertThat(lines)
                .filteredOn(line -> line.get("event").asText().equals("accept"))
                .allSatisfy(line -> assertThat(line.get("version").asLong()).isEqualTo(3));
    }

    @Test
    void theHistoryRecordsAttachmentsStatesAcceptsAndTheTermination() throws Exception {
        var gateway = udpGateway();
        var history = dir.resolve("history/agent-1.jsonl");
        var agent = start(config(gateway).historyFile(history));
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        agent.send(ByteBuffer.wrap(new byte[] {7}));
        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        agent.killTransport();
        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        agent.send(ByteBuffer.wrap(new byte[] {8}));
        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        agent.close();

        var lines = historyLines(history);
        var events = lines.stream().map(line -> line.get("event").asText()).toList();
        assertThat(events)
                .containsSubsequence(
                        "attached", "state", "accept", "state", "attached", "state", "accept", "state", "terminated");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("agent").asText()).isEqualTo("agent-1");
            assertThat(line.get("session").asText()).isEqualTo("session-one");
            assertThat(line.get("mono_ns").asLong()).isPositive();
        });
        var attached = lines.stream()
                .filter(line -> line.get("event").asText().equals("attached"))
                .toList();
        assertThat(attached).extracting(line -> line.get("version").asLong()).containsExactly(1L, 3L);
        var node = gateway.candidate().endpoint().replace(':', '_');
        assertThat(attached)
                .allSatisfy(line -> assertThat(line.get("node").asText()).isEqualTo(node));
        var states = lines.stream()
                .filter(line -> line.get("event").asText().equals("state"))
                .toList();
        assertThat(states)
                .extracting(line ->
                        line.get("state").asText() + "@" + line.get("version").asLong())
                .containsExactly("ATTACHED@1", "RECOVERING@2", "ATTACHED@3", "TERMINATED@4");
        var terminated = lines.getLast();
        assertThat(terminated.get("event").asText()).isEqualTo("terminated");
        assertThat(terminated.get("code").asText()).isEqualTo("OPERATOR_TERMINATE");
    }

    @Test
    void closeTerminatesTheSessionAtTheGateway() throws Exception {
        var gateway = udpGateway();
        var agent = start(config(gateway));
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        agent.close();

        await().atMost(WAIT).until(() -> !gateway.terminations.isEmpty());
        assertThat(gateway.terminations.getFirst().code()).isEqualTo(TerminationCode.OPERATOR_TERMINATE);
        assertThat(gateway.terminations.getFirst().version()).isEqualTo(1);
        assertThat(agent.status().end()).containsInstanceOf(AgentEnd.SessionTerminated.class);
        assertThat(agent.ended().get(1, TimeUnit.SECONDS))
                .isEqualTo(new AgentEnd.SessionTerminated(
                        "session-one", TerminationCode.OPERATOR_TERMINATE, 2, "closed by the operator"));
        assertThat(agent.send(ByteBuffer.wrap(new byte[] {1}))).isFalse();
    }

    @Test
    void datagramsWhileNotAttachedAreDroppedAndCounted() throws Exception {
        var gateway = udpGateway();
        gateway.onHandshake = new ScriptedGateway.HandshakeScript.Ignore();
        var agent = start(config(gateway).forward(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        var forward = agent.status().forwardAddress().orElseThrow();

        try (var app = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 5; i++) {
                app.send(new DatagramPacket(new byte[] {(byte) i}, 1, forward));
            }
        }

        await().atMost(WAIT).until(() -> agent.status().counts().localDropped() == 5);
        assertThat(agent.status().state()).isEqualTo(SessionState.BIRTH);
        assertThat(agent.send(ByteBuffer.wrap(new byte[] {1}))).isFalse();
    }

    private static List<JsonNode> historyLines(Path file) throws IOException {
        var mapper = new ObjectMapper();
        var out = new ArrayList<JsonNode>();
        for (var line : Files.readAllLines(file)) {
            out.add(mapper.readTree(line));
        }
        return out;
    }
}
