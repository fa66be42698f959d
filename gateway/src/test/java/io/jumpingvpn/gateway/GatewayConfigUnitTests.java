package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigUnitTests {

    private static final KeyDirectory.GatewayKeys KEYS =
            new KeyDirectory.GatewayKeys(IdentityKeyPair.generate(new SecureRandom()), AgentAllowlist.of());

    private static GatewayConfig.Builder minimal() {
        return GatewayConfig.builder()
                .nodeId("gw-1")
                .listen("udp://127.0.0.1:0")
                .keys(KEYS);
    }

    @Test
    void endpointsParseWithTheirKindHostAndPort() {
        assertThat(ListenEndpoint.parse("udp://0.0.0.0:7000")).isEqualTo(ListenEndpoint.udp("0.0.0.0", 7000));
        assertThat(ListenEndpoint.parse("tcp://[::1]:0")).isEqualTo(new ListenEndpoint(TransportKind.TCP, "::1", 0));
        assertThat(ListenEndpoint.parse("tcp://[::1]:0")).hasToString("tcp://[::1]:0");
        assertThat(EgressTarget.parse("echo")).isEqualTo(EgressTarget.echo());
        assertThat(EgressTarget.parse("udp://127.0.0.1:9")).isEqualTo(new EgressTarget.UdpForward("127.0.0.1", 9));
    }

    @Test
    void badEndpointsFailWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> ListenEndpoint.parse("udp://host"))
                .isInstanceOf(InvalidGatewayConfigException.class)
                .hasMessage("gateway setting 'listen': 'udp://host' has no port; expected udp://HOST:PORT");
        assertThatThrownBy(() -> ListenEndpoint.parse("quic://host:1"))
                .hasMessageStartingWith("gateway setting 'listen':")
                .hasMessageContaining("quic");
        assertThatThrownBy(() -> ListenEndpoint.parse("udp://host:70000"))
                .hasMessage("gateway setting 'listen': 'udp://host:70000' has port 70000, outside 0..65535");
        assertThatThrownBy(() -> EgressTarget.parse("tcp://host:1"))
                .hasMessage("gateway setting 'egress': 'tcp://host:1' must be echo or udp://HOST:PORT");
        assertThatThrownBy(() -> EgressTarget.parse("udp://host:0"))
                .hasMessage("gateway setting 'egress': udp target port 0 is outside 1..65535");
    }

    @Test
    void missingOrImpossibleSettingsAreNamed() {
        assertThatThrownBy(() -> GatewayConfig.builder()
                        .listen("udp://127.0.0.1:0")
                        .keys(KEYS)
                        .build())
                .hasMessage("gateway setting 'nodeId': is required");
        assertThatThrownBy(
                        () -> GatewayConfig.builder().nodeId("gw-1").keys(KEYS).build())
                .hasMessage("gateway setting 'listen': at least one udp:// or tcp:// endpoint is required");
        assertThatThrownBy(() -> GatewayConfig.builder().nodeId("bad id"))
                .hasMessageStartingWith("gateway setting 'nodeId': node id must be");
        assertThatThrownBy(() -> minimal()
                        .listen("udp://127.0.0.1:7000", "udp://127.0.0.1:7000")
                        .build())
                .hasMessage("gateway setting 'listen': udp://127.0.0.1:7000 is listed twice");
        assertThatThrownBy(() -> minimal().nodeLease(Duration.ofMillis(100)).build())
                .hasMessage("gateway setting 'nodeLease': 100 ms is outside 300..600000 ms");
        assertThatThrownBy(() -> minimal()
                        .nodeLease(Duration.ofSeconds(1))
                        .leaseSafetyMargin(Duration.ofMillis(600))
                        .build())
                .hasMessage("gateway setting 'leaseSafetyMargin': 600 ms must be between 0 and half the node lease"
                        + " (500 ms)");
        assertThatThrownBy(() -> FloodSettings.DEFAULT.withHandshakes(0, 1))
                .hasMessageStartingWith("gateway setting 'flood.handshakeRatePerSource':");
    }

    @Test
    void membersMayNameTheirAdminApiAndStickyRoutingNeedsThisNodeInTheList() {
        var member = ClusterMember.parse("n1=udp://10.0.0.1:7000;tcp://10.0.0.1:7000;admin://10.0.0.1:9480");
        assertThat(member.admin()).contains(new AdminAddress("10.0.0.1", 9480));
        assertThat(member).hasToString("n1=udp://10.0.0.1:7000;tcp://10.0.0.1:7000;admin://10.0.0.1:9480");
        assertThat(member.admin().orElseThrow().uri("/v1/members")).hasToString("http://10.0.0.1:9480/v1/members");
        assertThat(ClusterMember.parse("n2=udp://h:1").admin()).isEmpty();
        assertThatThrownBy(() -> ClusterMember.parse("n1=udp://h:1;admin://h:0"))
                .hasMessage("gateway setting 'members': member n1: admin://h:0 needs a port in 1..65535");
        assertThatThrownBy(() -> ClusterMember.parse("n1=admin://h:9"))
                .hasMessage("gateway setting 'members': member n1 has no endpoint");
        assertThatThrownBy(() -> ClusterMember.parse("n1=udp://h:1;admin://h:9;admin://h:8"))
                .hasMessage("gateway setting 'members': member n1 lists two admin:// addresses");

        assertThatThrownBy(() -> ClusterSettings.DEFAULT.withRouting(Routing.STICKY))
                .hasMessage("gateway setting 'members': sticky routing hashes sessions over the membership list,"
                        + " which is empty");
        var sticky = ClusterSettings.DEFAULT
                .withMembers(ClusterSettings.parseMembers("n1=udp://h:1,n2=udp://h:2"))
                .withRouting(Routing.STICKY);
        assertThatThrownBy(() -> minimal().cluster(sticky).build())
                .hasMessage("gateway setting 'members': sticky routing needs this node (gw-1) in the membership list");
        assertThat(minimal().nodeId("n2").cluster(sticky).build().cluster().routing())
                .isEqualTo(Routing.STICKY);
        assertThat(Routing.parse(" Sticky ")).isEqualTo(Routing.STICKY);
        assertThatThrownBy(() -> Routing.parse("hash"))
                .hasMessage("gateway setting 'routing': 'hash' is not a routing model; use shared or sticky");
    }

    @Test
    void defaultsComeFromThePolicy() {
        var config = minimal().policy(Policy.FAST).build();

        assertThat(config.nodeLease()).isEqualTo(Policy.FAST.nodeLease());
        assertThat(config.leaseSafetyMargin()).isEqualTo(Policy.FAST.nodeLease().dividedBy(10));
        assertThat(config.egress()).isEqualTo(EgressTarget.echo());
        assertThat(config.historyFile()).isEmpty();
        assertThat(config.flood()).isEqualTo(FloodSettings.DEFAULT);
    }
}
