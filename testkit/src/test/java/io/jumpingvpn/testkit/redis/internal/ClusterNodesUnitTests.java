package io.jumpingvpn.testkit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterNodesUnitTests {

    private static final String VIEW = """
            07c3 127.0.0.1:30004@40004,host-a slave e7d1 0 1426238317239 4 connected
            67ed 127.0.0.1:30002@40002 master - 0 1426238316232 2 connected 5461-10922
            292f 127.0.0.1:30003@40003 master - 0 1426238318243 3 connected 10923-16383 [77->-67ed]
            e7d1 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5459 5460
            a1b2 :30005@40005 master,fail - 1426238316232 1426238316232 0 disconnected
            """;

    @Test
    void parsesRolesPortsAndSlots() {
        ClusterNodes view = ClusterNodes.parse(VIEW);

        assertThat(view.nodes()).hasSize(5);
        ClusterNodes.Node replica = view.byId("07c3").orElseThrow();
        assertThat(replica.isReplica()).isTrue();
        assertThat(replica.port()).isEqualTo(30004);
        assertThat(replica.masterId()).contains("e7d1");
        ClusterNodes.Node myself = view.byId("e7d1").orElseThrow();
        assertThat(myself.flags()).containsExactlyInAnyOrder("myself", "master");
        assertThat(myself.slots())
                .containsExactly(new ClusterNodes.SlotRange(0, 5459), new ClusterNodes.SlotRange(5460, 5460));
        assertThat(view.byId("292f").orElseThrow().slots()).containsExactly(new ClusterNodes.SlotRange(10923, 16383));
        assertThat(view.byId("a1b2").orElseThrow().isTroubled()).isTrue();
        assertThat(myself.isTroubled()).isFalse();
    }

    @Test
    void findsTheMasterServingASlot() {
        ClusterNodes view = ClusterNodes.parse(VIEW);

        assertThat(view.masterFor(0).orElseThrow().port()).isEqualTo(30001);
        assertThat(view.masterFor(5460).orElseThrow().port()).isEqualTo(30001);
        assertThat(view.masterFor(5461).orElseThrow().port()).isEqualTo(30002);
        assertThat(view.masterFor(16383).orElseThrow().port()).isEqualTo(30003);
    }

    @Test
    void rejectsLinesItCannotRead() {
        assertThatThrownBy(() -> ClusterNodes.parse("abc 127.0.0.1:1@2 master"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields");
        assertThatThrownBy(() -> new ClusterNodes.SlotRange(10, 16384)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesInfoText() {
        assertThat(ConfigText.parseInfo("# Cluster\r\ncluster_state:ok\r\n\r\ncluster_known_nodes:6\r\n"))
                .containsEntry("cluster_state", "ok")
                .containsEntry("cluster_known_nodes", "6")
                .hasSize(2);
    }

    @Test
    void quotesConfigArguments() {
        assertThat(ConfigText.quote("/tmp/a b/\"x\"\\")).isEqualTo("\"/tmp/a b/\\\"x\\\"\\\\\"");
    }
}
