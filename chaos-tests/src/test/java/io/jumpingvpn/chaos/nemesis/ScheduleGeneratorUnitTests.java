package io.jumpingvpn.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.chaos.cluster.RedisMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fault schedule: deterministic from the seed, every kind placed, nothing overlapping on a target, healed in time. */
class ScheduleGeneratorUnitTests {

    private static final Duration LEASE = Duration.ofMillis(1_500);
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final long PHASE_START = 3_000;
    private static final long PHASE_END = 51_000;

    /** Every kind a root host with standalone Redis can run. */
    private static final List<NemesisKind> STANDALONE = Arrays.stream(NemesisKind.values())
            .filter(kind -> kind.unavailableReason(RedisMode.STANDALONE, Optional.empty())
                    .isEmpty())
            .toList();

    private static List<FaultPlan> plan(long seed, List<NemesisKind> kinds, List<String> nodes) {
        return ScheduleGenerator.generate(seed, kinds, nodes, LEASE, PHASE_START, PHASE_END);
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOne() {
        assertThat(plan(42, STANDALONE, NODES)).isEqualTo(plan(42, STANDALONE, NODES));
        assertThat(plan(42, STANDALONE, NODES)).isNotEqualTo(plan(43, STANDALONE, NODES));
    }

    @Test
    void everyEnabledKindIsInjectedAtLeastOnceForManySeeds() {
        for (long seed = 0; seed < 200; seed++) {
            var kinds = plan(seed, STANDALONE, NODES).stream()
                    .map(FaultPlan::kind)
                    .distinct()
                    .toList();
            assertThat(kinds).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(STANDALONE);
        }
    }

    @Test
    void everyFaultStartsInThePhaseAndEndsBeforeTheQuietPeriod() {
        for (long seed = 0; seed < 200; seed++) {
            for (var fault : plan(seed, STANDALONE, NODES)) {
                assertThat(fault.startMs()).as("%s (seed %d)", fault, seed).isGreaterThanOrEqualTo(PHASE_START);
                assertThat(fault.endMs()).as("%s (seed %d)", fault, seed).isLessThanOrEqualTo(PHASE_END);
            }
        }
    }

    @Test
    void aTargetNeverHasTwoFaultsAtOnceAndAtMostTwoRunTogether() {
        for (long seed = 0; seed < 200; seed++) {
            var faults = plan(seed, STANDALONE, NODES);
            for (var a : faults) {
                long together = faults.stream()
                        .filter(b -> b.startMs() < a.startMs() + 1 && a.startMs() < b.endMs())
                        .count();
                assertThat(together)
                        .as("faults active when %s starts (seed %d)", a, seed)
                        .isLessThanOrEqualTo(2);
                for (var b : faults) {
                    if (a != b && a.target().equals(b.target())) {
                        assertThat(a.endMs() + ScheduleGenerator.settleMs(a.kind()) <= b.startMs()
                                        || b.endMs() + ScheduleGenerator.settleMs(b.kind()) <= a.startMs())
                                .as("%s and %s on one target (seed %d)", a, b, seed)
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void someFaultsOverlapOnDifferentTargetsSoCombinationsHappen() {
        var combined = new ArrayList<Long>();
        for (long seed = 0; seed < 20; seed++) {
            var faults = plan(seed, STANDALONE, NODES);
            boolean overlap = faults.stream().anyMatch(a -> faults.stream()
                    .anyMatch(b -> a != b && a.startMs() < b.endMs() && b.startMs() < a.endMs()));
            if (overlap) {
                combined.add(seed);
            }
        }
        assertThat(combined).hasSizeGreaterThan(15);
    }

    @Test
    void withFewerThanThreeNodesFaultsRunOneAtATime() {
        var faults = plan(9, List.of(NemesisKind.KILL_NODE, NemesisKind.PAUSE_NODE), List.of("n1", "n2"));
        for (var a : faults) {
            for (var b : faults) {
                if (a != b) {
                    assertThat(a.endMs() <= b.startMs() || b.endMs() <= a.startMs())
                            .as("%s and %s", a, b)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void faultsThatMustOutlastTheLeaseDo() {
        for (var fault : plan(5, STANDALONE, NODES)) {
            if (fault.kind() == NemesisKind.PAUSE_NODE || fault.kind() == NemesisKind.PARTITION_REDIS) {
                assertThat(fault.lengthMs()).as(fault.toString()).isGreaterThan(LEASE.toMillis());
            }
        }
    }

    @Test
    void idsFollowThePlannedStartsAndRedisFaultsTargetRedis() {
        var faults = plan(3, STANDALONE, NODES);
        for (int i = 0; i < faults.size(); i++) {
            assertThat(faults.get(i).id()).isEqualTo("f" + (i + 1));
            if (i > 0) {
                assertThat(faults.get(i).startMs())
                        .isGreaterThanOrEqualTo(faults.get(i - 1).startMs());
            }
            var fault = faults.get(i);
            if (fault.kind().scope() == NemesisKind.Scope.REDIS) {
                assertThat(fault.target()).isEqualTo(FaultPlan.REDIS);
            } else {
                assertThat(fault.target()).isIn(NODES);
            }
        }
    }

    @Test
    void aPhaseTooShortForEveryKindIsRefusedWithOneLine() {
        assertThatThrownBy(() -> ScheduleGenerator.generate(1, STANDALONE, NODES, LEASE, 3_000, 13_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short")
                .hasMessageContaining("--duration")
                .hasMessageNotContaining("\n");
    }

    @Test
    void noKindsMeansNoFaults() {
        assertThat(plan(1, List.of(), NODES)).isEmpty();
    }
}
