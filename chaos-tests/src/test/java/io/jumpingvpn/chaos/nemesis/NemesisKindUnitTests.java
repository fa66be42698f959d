package io.jumpingvpn.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.chaos.cluster.RedisMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NemesisKindUnitTests {

    @Test
    void allNamesEveryKindAndAListNamesItsKindsInOrder() {
        assertThat(NemesisKind.parseList("all")).containsExactly(NemesisKind.values());
        assertThat(NemesisKind.parseList("pause-node, kill-redis"))
                .containsExactly(NemesisKind.PAUSE_NODE, NemesisKind.KILL_REDIS);
    }

    @Test
    void unknownAndRepeatedNamesAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> NemesisKind.parseList("kill-node,nuke"))
                .hasMessageContaining("nemesis 'nuke' is unknown")
                .hasMessageContaining("partition-redis");
        assertThatThrownBy(() -> NemesisKind.parseList("kill-node,kill-node")).hasMessageContaining("listed twice");
    }

    @Test
    void kindsSayWhyTheyCannotRunHere() {
        var notRoot = Optional.of("not running as root");
        assertThat(NemesisKind.IPTABLES_REDIS.unavailableReason(RedisMode.STANDALONE, notRoot))
                .contains("not running as root");
        assertThat(NemesisKind.IPTABLES_REDIS.unavailableReason(RedisMode.STANDALONE, Optional.empty()))
                .isEmpty();
        assertThat(NemesisKind.PARTITION_REDIS.unavailableReason(RedisMode.SENTINEL, Optional.empty()))
                .hasValueSatisfying(why -> assertThat(why).contains("standalone"));
        assertThat(NemesisKind.FAILOVER_REDIS.unavailableReason(RedisMode.STANDALONE, Optional.empty()))
                .hasValueSatisfying(why -> assertThat(why).contains("sentinel"));
        for (var kind : List.of(NemesisKind.KILL_NODE, NemesisKind.PAUSE_NODE, NemesisKind.CLOCK_SKEW)) {
            assertThat(kind.unavailableReason(RedisMode.SENTINEL, notRoot)).isEmpty();
        }
    }
}
