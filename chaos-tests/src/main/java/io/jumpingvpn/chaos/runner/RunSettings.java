package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.cluster.RedisMode;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.node.UnsafeMode;
import io.jumpingvpn.gateway.PartitionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jvpn chaos run} was asked to do, validated when built: each problem is one {@link
 * IllegalArgumentException} line naming the flag.
 *
 * @param nodes how many gateway nodes ({@code n1} … {@code nN})
 * @param agents how many real agents
 * @param racers how many racer sessions (raw clients racing reattaches at several nodes and replaying requests)
 * @param duration the planned length of the workload: warm-up, fault phase and the quiet period at the end
 * @param nemeses the fault kinds asked for (kinds this host cannot run are skipped and recorded)
 * @param seed the seed of the fault schedule and the workload's choices
 * @param out the run directory; must not exist yet, or be empty
 * @param lease {@code NODE_LEASE_MS} of the nodes (and the agents' policy)
 * @param unsafe a test-only unsafe mode of the nodes, to show the checker catching a bug
 */
public record RunSettings(
        int nodes,
        int agents,
        int racers,
        Duration duration,
        List<NemesisKind> nemeses,
        long seed,
        Path out,
        RedisMode redis,
        Optional<UnsafeMode> unsafe,
        Duration lease,
        PartitionPolicy partitionPolicy) {

    public static final Duration DEFAULT_LEASE = Duration.ofMillis(1_500);

    public RunSettings {
        requireNonNull(duration, "duration");
        nemeses = List.copyOf(requireNonNull(nemeses, "nemeses"));
        requireNonNull(out, "out");
        requireNonNull(redis, "redis");
        requireNonNull(unsafe, "unsafe");
        requireNonNull(lease, "lease");
        requireNonNull(partitionPolicy, "partitionPolicy");
        check(nodes >= 1 && nodes <= 16, "--nodes must be 1..16, got " + nodes);
        check(agents >= 0 && agents <= 500, "--agents must be 0..500, got " + agents);
        check(racers >= 0 && racers <= 50, "--racers must be 0..50, got " + racers);
        check(agents + racers >= 1, "--agents and --racers are both 0: nothing would use the cluster");
        check(
                lease.toMillis() >= 500 && lease.toMillis() <= 60_000,
                "--lease must be 500ms..60s, got " + lease.toMillis() + " ms");
        check(
                duration.toSeconds() >= 20 && duration.toHours() <= 24,
                "--duration must be 20s..24h, got " + duration.toSeconds() + " s");
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The racers a run gets when {@code --racers} is not given: one per five agents, at least two. */
    public static int defaultRacers(int agents) {
        return Math.max(2, agents / 5);
    }

    /** {@code n1} … {@code nN}. */
    public List<String> nodeIds() {
        return java.util.stream.IntStream.rangeClosed(1, nodes)
                .mapToObj(i -> "n" + i)
                .toList();
    }
}
