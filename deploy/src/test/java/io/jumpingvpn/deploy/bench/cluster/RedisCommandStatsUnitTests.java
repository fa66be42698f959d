package io.jumpingvpn.deploy.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.deploy.cli.UserError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** INFO replies as Redis 7 writes them, read into counts and differences. */
class RedisCommandStatsUnitTests {

    private static final String COMMANDSTATS = "# Commandstats\r\n"
            + "cmdstat_evalsha:calls=1200,usec=30000,usec_per_call=25.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_hset:calls=1200,usec=1200,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_client|setinfo:calls=4,usec=8,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n"
            + "\r\n";

    @Test
    void commandLinesAreReadWithTheirCallsAndMicroseconds() {
        var counts = RedisCommandStats.parse(COMMANDSTATS);

        assertThat(counts)
                .containsOnly(
                        Map.entry("evalsha", new RedisCommandStats.Count(1200, 30000)),
                        Map.entry("hset", new RedisCommandStats.Count(1200, 1200)),
                        Map.entry("client|setinfo", new RedisCommandStats.Count(4, 8)));
    }

    @Test
    void cpuIsUserPlusSystemOfTheMainCounters() {
        var cpu = "# CPU\r\nused_cpu_sys:1.500000\r\nused_cpu_user:2.250000\r\nused_cpu_sys_children:9.0\r\n"
                + "used_cpu_user_main_thread:2.0\r\n";

        assertThat(RedisCommandStats.cpuSeconds(cpu)).isEqualTo(3.75);
    }

    @Test
    void aWindowIsTheDifferenceOfTwoSnapshots() {
        var before = new RedisCommandStats.Snapshot(
                Map.of("evalsha", new RedisCommandStats.Count(10, 250), "info", new RedisCommandStats.Count(2, 40)),
                1.0,
                1_000_000_000L);
        var after = new RedisCommandStats.Snapshot(
                Map.of(
                        "evalsha", new RedisCommandStats.Count(16, 400),
                        "info", new RedisCommandStats.Count(2, 40),
                        "hset", new RedisCommandStats.Count(6, 6)),
                1.5,
                3_000_000_000L);

        assertThat(after.since(before))
                .containsOnly(
                        Map.entry("evalsha", new RedisCommandStats.Count(6, 150)),
                        Map.entry("hset", new RedisCommandStats.Count(6, 6)));
        assertThat(after.cpuCoresSince(before)).isEqualTo(0.25);
        assertThatThrownBy(() -> before.since(after))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("went back for 'evalsha'");
    }
}
