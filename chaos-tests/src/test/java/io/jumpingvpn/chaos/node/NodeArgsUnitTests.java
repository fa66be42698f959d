package io.jumpingvpn.chaos.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.gateway.LeaseProofPolicy;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos node's command line, and the gateway settings it makes of it. */
class NodeArgsUnitTests {

    @TempDir
    Path temp;

    private NodeArgs args(Optional<UnsafeMode> unsafe) {
        return new NodeArgs(
                "n2",
                temp.resolve("run"),
                InetSocketAddress.createUnresolved("127.0.0.1", 7002),
                "redis://127.0.0.1:6390",
                "jvpn-chaos-x",
                temp.resolve("keys"),
                Duration.ofMillis(1_500),
                "n1=udp://127.0.0.1:7001,n2=udp://127.0.0.1:7002",
                PartitionPolicy.TERMINATE,
                unsafe,
                -2_500);
    }

    @Test
    void theArgumentsTheRunnerWritesAreReadBackAsTheyWere() {
        for (var unsafe : new Optional[] {Optional.empty(), Optional.of(UnsafeMode.LWW)}) {
            @SuppressWarnings("unchecked")
            var original = args((Optional<UnsafeMode>) unsafe);
            var parsed = NodeArgs.parse(original.toArgs().toArray(String[]::new));

            assertThat(parsed.toArgs()).isEqualTo(original.toArgs());
            assertThat(parsed.unsafe()).isEqualTo(original.unsafe());
            assertThat(parsed.clockOffsetMillis()).isEqualTo(-2_500);
            assertThat(parsed.partitionPolicy()).isEqualTo(PartitionPolicy.TERMINATE);
        }
    }

    @Test
    void badArgumentsAreOneLineNamingTheFlag() {
        assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--nodes", "3"}))
                .hasMessageContaining("unknown flag '--nodes'");
        assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--node-id", "n1"}))
                .hasMessage("flag --dir is required");
        assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--unsafe"})).hasMessage("flag --unsafe needs a value");
        assertThatThrownBy(() -> UnsafeMode.parse("yolo")).hasMessageContaining("lww, no-lease-check");
    }

    @Test
    void onlyTheNoLeaseCheckModeReachesTheGatewaysUnsafeLeasePolicy() throws Exception {
        KeyDirectory.generate(temp.resolve("keys"), new SecureRandom(), "chaos-agent");
        var clock = new SkewableClock(Clock.systemUTC(), 0);

        assertThat(ChaosNode.config(args(Optional.empty()), clock).leaseProofPolicy())
                .isEqualTo(LeaseProofPolicy.REQUIRE_PROOF);
        assertThat(ChaosNode.config(args(Optional.of(UnsafeMode.LWW)), clock).leaseProofPolicy())
                .isEqualTo(LeaseProofPolicy.REQUIRE_PROOF);
        assertThat(ChaosNode.config(args(Optional.of(UnsafeMode.NO_LEASE_CHECK)), clock)
                        .leaseProofPolicy())
                .isEqualTo(LeaseProofPolicy.UNSAFE_IGNORE_LAPSE);
        var safe = ChaosNode.config(args(Optional.empty()), clock);
        assertThat(safe.clock()).isSameAs(clock);
        assertThat(safe.cluster().members()).hasSize(2);
        assertThat(safe.historyFile())
                .contains(temp.resolve("run").resolve("nodes").resolve("n2.jsonl"));
    }

    @Test
    void theSkewableClockMovesItsWallTimeOnly() {
        var base = Clock.fixed(java.time.Instant.ofEpochMilli(1_000_000), java.time.ZoneOffset.UTC);
        var clock = new SkewableClock(base, 0);
        clock.setOffsetMillis(-4_000);

        assertThat(clock.millis()).isEqualTo(996_000);
        assertThat(clock.instant().toEpochMilli()).isEqualTo(996_000);
        assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).millis()).isEqualTo(996_000);
    }
}
