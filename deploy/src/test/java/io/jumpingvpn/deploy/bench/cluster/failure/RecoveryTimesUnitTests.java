package io.jumpingvpn.deploy.bench.cluster.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Per-agent recovery times summed up: median and maximum of those that recovered, 99 % and 100 % of all agents. */
class RecoveryTimesUnitTests {

    @Test
    void everyAgentRecovered() {
        var micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (i + 1) * 10_000L; // 10 ms .. 2000 ms
        }

        var times = RecoveryTimes.of(micros);

        assertThat(times.reached()).isEqualTo(200);
        assertThat(times.p50Ms()).isEqualTo(1000.0);
        assertThat(times.maxMs()).isEqualTo(2000.0);
        // 99 % of 200 agents: the 198th.
        assertThat(times.pct99OfAllMs()).isEqualTo(1980.0);
        assertThat(times.allMs()).isEqualTo(2000.0);
    }

    @Test
    void agentsThatNeverRecoveredCountAgainstThePercentagesOfAll() {
        var micros = new long[100];
        Arrays.fill(micros, 500_000L);
        micros[7] = -1;

        var times = RecoveryTimes.of(micros);

        assertThat(times.reached()).isEqualTo(99);
        assertThat(times.pct99OfAllMs()).isEqualTo(500.0);
        assertThat(times.allMs()).isEqualTo(-1);

        micros[8] = -1;
        assertThat(RecoveryTimes.of(micros).pct99OfAllMs()).isEqualTo(-1);
        assertThat(RecoveryTimes.of(new long[] {-1, -1}).reached()).isZero();
    }
}
