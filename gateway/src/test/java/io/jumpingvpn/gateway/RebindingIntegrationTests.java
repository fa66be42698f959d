package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same-node reattaches: a NAT rebinding (same session from a new source port) and a switch from TCP to UDP keep the
 * data flowing at the new version, and frames from the old binding are refused.
 */
class RebindingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path temp;

    @Test
    void aNewSourcePortReattachesAndTheOldPortIsRefused() throws IOException {
        var history = temp.resolve("nodes/gw-test.jsonl");
        try (var fixture = GatewayFixture.start(temp, b -> b.historyFile(history));
                var before = fixture.udpAgent();
                var after = TestAgent.udp(fixture.udp(), fixture.agentKeys)) {
            before.attach();
            before.sendData(new byte[] {1});
            assertThat(before.expectData(WAIT)).containsExactly(1);

            var outcome = after.reattach(after.reattachRequest(before.sessionId(), 1, 1), WAIT);

            assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(after.version()).isEqualTo(3);
            var record = fixture.record(before.sessionId());
            assertThat(record.version()).isEqualTo(3);
            assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
            assertThat(record.binding().peer())
                    .isEqualTo("127.0.0.1:" + after.localAddress().getPort());
            after.sendData(new byte[] {2});
            assertThat(after.expectData(WAIT)).containsExactly(2);

            double wrongPath = fixture.count("jvpn.gateway.frames.refused", "reason", "WRONG_PATH");
            double wrongAttachment = fixture.count("jvpn.gateway.frames.refused", "reason", "WRONG_ATTACHMENT");
            // The old socket with the old attachment, and the old socket with the new attachment: both refused.
            before.sendData(new byte[] {3});
            before.useChannelOf(after);
            before.sendData(new byte[] {4});
            assertThat(before.receivesAnything(QUIET)).isFalse();
            assertThat(fixture.count("jvpn.gateway.frames.refused", "reason", "WRONG_PATH")
                            + fixture.count("jvpn.gateway.frames.refused", "reason", "WRONG_ATTACHMENT"))
                    .isEqualTo(wrongPath + wrongAttachment + 2);

            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.audit.events(AuditEventType.TRANSPORT_SWITCH, before.sessionId()))
                    .singleElement()
                    .satisfies(event -> assertThat(event.fields())
                            .containsEntry(
                                    "new_transport",
                                    "udp://127.0.0.1:" + after.localAddress().getPort())));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.audit.events(AuditEventType.STATE_CHANGE, before.sessionId()))
                    .extracting(event -> event.fields().get("to") + "@"
                            + event.stateVersion().getAsLong() + ":"
                            + event.fields().get("status"))
                    .containsSubsequence("ATTACHED@1:COMMITTED", "RECOVERING@2:COMMITTED", "ATTACHED@3:COMMITTED"));
        }
        var lines = readLines(history);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line.get("event").asText()).isEqualTo("lease"));
        assertThat(lines)
                .filteredOn(line -> line.path("session").isTextual())
                .extracting(line ->
                        line.get("event").asText() + "@" + line.path("version").asLong())
                .containsSubsequence("bind@1", "forward@1", "unbind@1", "bind@3", "forward@3");
    }

    @Test
    void aSwitchFromTcpToUdpKeepsTheSessionAndRefusesTheOldConnection() {
        try (var fixture = GatewayFixture.start(temp);
                var tcp = fixture.tcpAgent();
                var udp = TestAgent.udp(fixture.udp(), fixture.agentKeys)) {
            tcp.attach();
            tcp.sendData(new byte[] {1});
            assertThat(tcp.expectData(WAIT)).containsExactly(1);

            assertThat(udp.reattach(udp.reattachRequest(tcp.sessionId(), 1, 1), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);

            assertThat(fixture.record(tcp.sessionId()).binding().transport()).isEqualTo("udp");
            udp.sendData(new byte[] {2});
            assertThat(udp.expectData(WAIT)).containsExactly(2);
            tcp.sendData(new byte[] {3});
            assertThat(tcp.receivesAnything(QUIET)).isFalse();
            udp.sendData(new byte[] {4});
            assertThat(udp.expectData(WAIT)).containsExactly(4);
            assertThat(fixture.gateway
                            .session(fixture.record(tcp.sessionId()).id())
                            .orElseThrow()
                            .binding())
                    .hasValueSatisfying(
                            binding -> assertThat(binding.transport()).isEqualTo("udp"));
        }
    }

    @Test
    void theSameRequestAgainOverTheSamePathGetsTheSameAck() {
        try (var fixture = GatewayFixture.start(temp);
                var agent = fixture.udpAgent()) {
            agent.attach();
            var pending = agent.reattachRequest(agent.sessionId(), 1, 1);
            agent.send(pending.request());
            var first = agent.expect(ReattachAck.class, WAIT);
            agent.send(pending.request());
            var second = agent.expect(ReattachAck.class, WAIT);

            assertThat(FrameCodec.encode(second)).isEqualTo(FrameCodec.encode(first));
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(3);
        }
    }

    @Test
    void aClosedTcpConnectionIsADeadTransportAtOnce() {
        try (var fixture = GatewayFixture.start(temp);
                var tcp = fixture.agent(TransportKind.TCP)) {
            tcp.attach();
            var id = fixture.record(tcp.sessionId()).id();
            tcp.close();

            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.gateway.session(id).orElseThrow().state())
                    .isEqualTo(io.jumpingvpn.protocol.state.SessionState.RECOVERING));
            assertThat(fixture.record(tcp.sessionId()).version()).isEqualTo(1);
        }
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        var mapper = new ObjectMapper();
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.size(file) > 0);
        return Files.readAllLines(file).stream()
                .map(line -> {
                    try {
                        return mapper.readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                })
                .toList();
    }
}
