package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.nemesis.FaultPlan;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.nemesis.ScheduleGenerator;
import io.jumpingvpn.chaos.node.ChaosPolicy;
import io.jumpingvpn.protocol.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Everything a run will do, decided before anything starts, from its settings and what this host can do: the policy,
 * the liveness bound, the phases (warm-up, faults, quiet), the nemesis kinds enabled and skipped (with why), and the
 * fault schedule. The same settings on the same kind of host give the same plan.
 *
 * @param livenessBound two node leases plus one recovery attempt ({@link ChaosPolicy#livenessBound})
 * @param quiet the time after the last heal with traffic flowing and no fault: at least the liveness bound
 * @param phaseStartMs when the fault phase starts, after the workload started
 * @param phaseEndMs when every fault must have ended
 * @param namespaces whether the nodes run in network namespaces (for {@code iptables-redis})
 * @param faults the schedule, times relative to the start of the workload
 */
public record RunPlan(
        RunSettings settings,
        Policy policy,
        Duration livenessBound,
        Duration warmup,
        Duration quiet,
        long phaseStartMs,
        long phaseEndMs,
        List<NemesisKind> enabled,
        Map<NemesisKind, String> skipped,
        boolean namespaces,
        List<FaultPlan> faults,
        long fleetSeed,
        long racerSeed) {

    static final Duration WARMUP = Duration.ofSeconds(3);
    static final Duration MIN_FAULT_PHASE = Duration.ofSeconds(5);

    public RunPlan {
        requireNonNull(settings, "settings");
        requireNonNull(policy, "policy");
        enabled = List.copyOf(enabled);
        skipped = Map.copyOf(skipped);
        faults = List.copyOf(faults);
    }

    /**
     * Plans a run. {@code namespacesUnavailable} says why network namespaces cannot be used on this host, if they
     * cannot (only asked when {@code iptables-redis} is wanted).
     *
     * @throws IllegalArgumentException when the duration cannot hold the phases or the faults (one line)
     */
    public static RunPlan of(RunSettings settings, Optional<String> namespacesUnavailable) {
        requireNonNull(settings, "settings");
        var policy = ChaosPolicy.withLease(settings.lease());
        var bound = ChaosPolicy.livenessBound(policy);
        var quiet = max(bound.plusSeconds(3), bound.multipliedBy(3).dividedBy(2));
        long phaseStart = WARMUP.toMillis();
        long phaseEnd = settings.duration().minus(quiet).toMillis();
        var enabled = new ArrayList<NemesisKind>();
        var skipped = new LinkedHashMap<NemesisKind, String>();
        for (var kind : settings.nemeses()) {
            var reason = kind.unavailableReason(settings.redis(), namespacesUnavailable);
            if (reason.isPresent()) {
                skipped.put(kind, reason.get());
            } else {
                enabled.add(kind);
            }
        }
        if (!enabled.isEmpty() && phaseEnd - phaseStart < MIN_FAULT_PHASE.toMillis()) {
            throw new IllegalArgumentException(
                    "--duration " + settings.duration().toSeconds() + "s leaves "
                            + Math.max(0, phaseEnd - phaseStart) / 1000 + " s for faults after " + WARMUP.toSeconds()
                            + " s of warm-up and a quiet period of " + quiet.toMillis() / 1000.0
                            + " s; use a longer --duration");
        }
        var seeds = new SplittableRandom(settings.seed());
        long scheduleSeed = seeds.nextLong();
        long fleetSeed = seeds.nextLong();
        long racerSeed = seeds.nextLong();
        var faults = ScheduleGenerator.generate(
                scheduleSeed, enabled, settings.nodeIds(), settings.lease(), phaseStart, phaseEnd);
        return new RunPlan(
                settings,
                policy,
                bound,
                WARMUP,
                quiet,
                phaseStart,
                phaseEnd,
                enabled,
                skipped,
                enabled.contains(NemesisKind.IPTABLES_REDIS),
                faults,
                fleetSeed,
                racerSeed);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Faults planned per kind. */
    public Map<NemesisKind, Integer> plannedByKind() {
        var counts = new LinkedHashMap<NemesisKind, Integer>();
        for (var fault : faults) {
            counts.merge(fault.kind(), 1, Integer::sum);
        }
        return counts;
    }
}
