package io.jumpingvpn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.agent.testing.TestKeys;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigUnitTests {

    private final TestKeys keys = TestKeys.generate();

    private AgentConfig.Builder minimal() {
        return AgentConfig.builder().gateway("udp://127.0.0.1:4500").keys(keys.agentKeys());
    }

    private static void refused(Runnable setting, String name, String message) {
        assertThatThrownBy(setting::run)
                .isInstanceOfSatisfying(InvalidAgentConfigException.class, e -> assertThat(e.setting())
                        .isEqualTo(name))
                .hasMessage("agent setting '" + name + "': " + message);
    }

    @Test
    void candidatesKeepTheirOrderAsTransportIds() {
        var config =
                minimal().gateway("tcp://gw1.example:443, udp://[::1]:4500").build();
        assertThat(config.gateways())
                .containsExactly(
                        new Candidate(TransportKind.UDP, "127.0.0.1:4500"),
                        new Candidate(TransportKind.TCP, "gw1.example:443"),
                        new Candidate(TransportKind.UDP, "[::1]:4500"));
        assertThat(config.policy()).isEqualTo(Policy.DEFAULT);
        assertThat(config.name()).isEqualTo("agent");
        assertThat(config.forward()).isEmpty();
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void badCandidatesAreRefusedNamingTheSetting() {
        refused(
                () -> minimal().gateway("127.0.0.1:4500"),
                "gateway",
                "transport must look like udp://host:port, got '127.0.0.1:4500'");
        refused(
                () -> minimal().gateway("sctp://127.0.0.1:4500"),
                "gateway",
                "transport kind must be udp, tcp or quic, got 'sctp'");
        refused(
                () -> minimal().gateway("quic://127.0.0.1:4500"),
                "gateway",
                "'quic://127.0.0.1:4500': this agent speaks udp and tcp; quic is not supported yet");
        refused(
                () -> minimal().gateway("udp://127.0.0.1:70000"),
                "gateway",
                "'127.0.0.1:70000': port must be 1..65535, got 70000");
        refused(() -> minimal().gateway("udp://127.0.0.1"), "gateway", "'127.0.0.1' must look like host:port");
        refused(
                () -> minimal().gateway("udp://::1:4500"),
                "gateway",
                "'::1:4500': write an IPv6 address in brackets, e.g. [::1]:4500");
        refused(() -> minimal().gateway("udp://127.0.0.1:4500"), "gateway", "'udp://127.0.0.1:4500' is listed twice");
        refused(() -> minimal().gateway(" "), "gateway", "empty; expected e.g. udp://127.0.0.1:4500");
    }

    @Test
    void requiredSettingsAreNamed() {
        refused(
                () -> AgentConfig.builder().keys(keys.agentKeys()).build(),
                "gateway",
                "at least one gateway candidate is needed, e.g. udp://127.0.0.1:4500");
        refused(
                () -> AgentConfig.builder().gateway("udp://127.0.0.1:1").build(),
                "keys",
                "the agent key pair and the pinned gateway key are needed");
    }

    @Test
    void theForwardIsAHostAndPort() {
        assertThat(minimal()
                        .forward("127.0.0.1:5000")
                        .build()
                        .forward()
                        .orElseThrow()
                        .getPort())
                .isEqualTo(5000);
        refused(() -> minimal().forward("127.0.0.1"), "forward", "'127.0.0.1' must look like host:port");
        refused(() -> minimal().forward("127.0.0.1:x"), "forward", "'127.0.0.1:x' has no numeric port");
    }

    @Test
    void otherSettings() {
        refused(
                () -> minimal().name(".hidden"),
                "name",
                "'.hidden' must be 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'");
        refused(
                () -> minimal().name("a b"),
                "name",
                "'a b' must be 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'");
        refused(() -> minimal().closeTimeout(Duration.ZERO), "closeTimeout", "must be 1 ms to 60 s, got PT0S");
    }

    @Test
    void aSharedRuntimeAndALocalAddressAreOptional() throws Exception {
        var plain = minimal().build();
        assertThat(plain.runtime()).isEmpty();
        assertThat(plain.localAddress()).isEmpty();

        var source = InetAddress.getByName("127.0.0.7");
        try (var runtime = AgentRuntime.start("unit", 1)) {
            var config = minimal().runtime(runtime).localAddress(source).build();
            assertThat(config.runtime()).containsSame(runtime);
            assertThat(config.localAddress()).contains(source);
        }
        var wildcard = InetAddress.getByName("0.0.0.0");
        var multicast = InetAddress.getByName("239.1.2.3");
        refused(
                () -> minimal().localAddress(wildcard),
                "localAddress",
                "'0.0.0.0' is a wildcard or multicast address; give one of this host's");
        refused(
                () -> minimal().localAddress(multicast),
                "localAddress",
                "'239.1.2.3' is a wildcard or multicast address; give one of this host's");
        refused(() -> AgentRuntime.start("unit", 0), "runtime", "threads must be 1 to 256, got 0");
        refused(
                () -> AgentRuntime.start(".hidden", 1),
                "runtime",
                "name '.hidden' must be 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'");
    }

    @Test
    void aHistoryIsOwnedOrSharedNotBoth(@TempDir Path dir) throws Exception {
        try (var shared = AgentHistory.open(dir.resolve("shared.jsonl"))) {
            assertThat(minimal().history(shared).build().history()).contains(shared);
            refused(
                    () -> minimal()
                            .history(shared)
                            .historyFile(dir.resolve("own.jsonl"))
                            .build(),
                    "history",
                    "give a history file or a shared history, not both");
        }
    }
}
