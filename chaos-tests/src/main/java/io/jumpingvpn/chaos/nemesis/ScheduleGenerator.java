package io.jumpingvpn.chaos.nemesis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the faults of a run from its seed, deterministically: the same seed, kinds, nodes, lease and fault phase give
 * the same list. Every enabled kind is placed at least once (in an order drawn from the seed), then kinds drawn at random
 * fill the rest of the phase. Faults run in up to two lanes at once (one with fewer than three nodes), so that
 * combinations happen: a fault on one target while another target suffers another. A target never has two faults at
 * once, and every fault ends before the phase ends, so that the quiet period after it sees a healed cluster.
 */
public final class ScheduleGenerator {

    /** Time a target stays reserved after a fault of a kind whose healing takes a while of its own. */
    static long settleMs(NemesisKind kind) {
        return switch (kind) {
            case KILL_NODE -> 8_000; // a JVM to start on a loaded machine
            case KILL_REDIS, RESTART_REDIS_EMPTY -> 2_000;
            case FAILOVER_REDIS -> 25_000; // Sentinel turns the old primary into a replica in 10-20 s
            default -> 500;
        };
    }

    private static final long MIN_GAP_MS = 300;
    private static final long MAX_GAP_MS = 2_500;
    private static final long LANE_STAGGER_MS = 1_000;
    private static final int MAX_STEPS = 100_000;

    private record Placed(FaultPlan plan, long busyUntilMs) {}

    private ScheduleGenerator() {}

    /**
     * The faults of a run whose fault phase is {@code [phaseStartMs, phaseEndMs)} after its start.
     *
     * @throws IllegalArgumentException when the phase is too short to place every kind once (one line saying so)
     */
    public static List<FaultPlan> generate(
            long seed,
            List<NemesisKind> kinds,
            List<String> nodes,
            Duration lease,
            long phaseStartMs,
            long phaseEndMs) {
        requireNonNull(kinds, "kinds");
        requireNonNull(nodes, "nodes");
        requireNonNull(lease, "lease");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("faults need at least one node");
        }
        if (kinds.isEmpty()) {
            return List.of();
        }
        var random = new SplittableRandom(seed);
        var firstPass = new ArrayList<>(kinds);
        for (int i = firstPass.size() - 1; i > 0; i--) {
            var j = random.nextInt(i + 1);
            var swap = firstPass.get(i);
            firstPass.set(i, firstPass.get(j));
            firstPass.set(j, swap);
        }
        var pending = new ArrayDeque<>(firstPass);
        int lanes = nodes.size() >= 3 ? 2 : 1;
        var cursor = new long[lanes];
        var open = new boolean[lanes];
        for (int lane = 0; lane < lanes; lane++) {
            cursor[lane] = phaseStartMs + lane * LANE_STAGGER_MS;
            open[lane] = true;
        }
        var placed = new ArrayList<Placed>();
        for (int step = 0; step < MAX_STEPS; step++) {
            int lane = earliestOpenLane(cursor, open);
            if (lane < 0) {
                break;
            }
            var kind = pending.isEmpty() ? kinds.get(random.nextInt(kinds.size())) : pending.peekFirst();
            long start = cursor[lane] + random.nextLong(MIN_GAP_MS, MAX_GAP_MS + 1);
            long length = length(kind, lease, random);
            long amount = amount(kind, random);
            var targets = targets(kind, nodes, random);
            var slot = firstFreeSlot(placed, targets, start, length + settleMs(kind));
            if (slot.start() + length > phaseEndMs) {
                open[lane] = false;
                continue;
            }
            var plan = new FaultPlan("?", kind, slot.target(), slot.start(), length, amount);
            placed.add(new Placed(plan, slot.start() + length + settleMs(kind)));
            if (!pending.isEmpty()) {
                pending.removeFirst();
            }
            cursor[lane] = slot.start() + length + settleMs(kind);
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("the fault phase of " + (phaseEndMs - phaseStartMs) / 1000 + " s is too"
                    + " short to inject each of the " + kinds.size() + " nemesis kinds once (" + pending.size()
                    + " did not fit, e.g. " + pending.peekFirst() + "); use a longer --duration or fewer kinds");
        }
        placed.sort(Comparator.comparingLong((Placed p) -> p.plan().startMs())
                .thenComparing(p -> p.plan().target()));
        var plans = new ArrayList<FaultPlan>();
        for (var p : placed) {
            var plan = p.plan();
            plans.add(new FaultPlan(
                    "f" + (plans.size() + 1),
                    plan.kind(),
                    plan.target(),
                    plan.startMs(),
                    plan.lengthMs(),
                    plan.amount()));
        }
        return List.copyOf(plans);
    }

    private static int earliestOpenLane(long[] cursor, boolean[] open) {
        int best = -1;
        for (int lane = 0; lane < cursor.length; lane++) {
            if (open[lane] && (best < 0 || cursor[lane] < cursor[best])) {
                best = lane;
            }
        }
        return best;
    }

    private record Slot(String target, long start) {}

    /** The earliest start at or after {@code start} when one of {@code targets} (in order) is free for {@code busy}. */
    private static Slot firstFreeSlot(List<Placed> placed, List<String> targets, long start, long busy) {
        Slot best = null;
        for (var target : targets) {
            long at = start;
            for (int round = 0; round < placed.size() + 1; round++) {
                long conflictEnd = -1;
                for (var p : placed) {
                    if (p.plan().target().equals(target) && p.plan().startMs() < at + busy && at < p.busyUntilMs()) {
                        conflictEnd = Math.max(conflictEnd, p.busyUntilMs());
                    }
                }
                if (conflictEnd < 0) {
                    break;
                }
                at = conflictEnd;
            }
            if (best == null || at < best.start()) {
                best = new Slot(target, at);
            }
            if (at == start) {
                break;
            }
        }
        return best;
    }

    private static List<String> targets(NemesisKind kind, List<String> nodes, SplittableRandom random) {
        if (kind.scope() == NemesisKind.Scope.REDIS) {
            return List.of(FaultPlan.REDIS);
        }
        var shuffled = new ArrayList<>(nodes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            var j = random.nextInt(i + 1);
            var swap = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, swap);
        }
        return shuffled;
    }

    /** How long a fault of {@code kind} lasts; the ones that must outlast the lease are scaled by it. */
    static long length(NemesisKind kind, Duration lease, SplittableRandom random) {
        long leaseMs = lease.toMillis();
        return switch (kind) {
            case PARTITION_REDIS, IPTABLES_REDIS -> between(random, leaseMs * 13 / 10, leaseMs * 5 / 2);
            case PAUSE_NODE -> between(random, leaseMs * 3 / 2, leaseMs * 5 / 2);
            case SLOW_REDIS -> between(random, 1_500, 3_000);
            case RESET_REDIS -> between(random, 1_000, 2_500);
            case DROP_REDIS_REPLIES -> between(random, 800, 2_000);
            case PARTITION_AGENTS -> between(random, 1_500, 3_500);
            case KILL_NODE -> between(random, 500, 2_500);
            case CLOCK_SKEW -> between(random, 2_000, 5_000);
            case KILL_REDIS -> between(random, 1_000, 3_000);
            case RESTART_REDIS_EMPTY -> between(random, 500, 1_500);
            case FAILOVER_REDIS -> 3_000;
        };
    }

    /** The delay of slow-redis and the clock offset of clock-skew (either sign, some beyond the freshness window). */
    static long amount(NemesisKind kind, SplittableRandom random) {
        return switch (kind) {
            case SLOW_REDIS -> between(random, 200, 900);
            case CLOCK_SKEW -> (random.nextBoolean() ? 1 : -1) * between(random, 500, 7_000);
            default -> 0;
        };
    }

    private static long between(SplittableRandom random, long from, long to) {
        return random.nextLong(from, to + 1);
    }
}
