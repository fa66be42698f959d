package io.jumpingvpn.deploy.bench.cluster.reattach;

import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.protocol.RejectCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The counts of one client thread in one phase: requests and rounds that ended inside the measured window. Touched by
 * its thread only; the phase adds the tallies of its threads up with {@link #add} after they stopped.
 */
final class PhaseTally {

    final Histogram accepted = LatencyMs.newMicrosHistogram();
    final Histogram rejectedLatency = LatencyMs.newMicrosHistogram();
    final Map<RejectCode, Long> rejected = new EnumMap<>(RejectCode.class);
    long attempts;
    long unanswered;
    long resent;
    long invalidReplies;
    long rounds;
    long badRounds;
    long roundsWithoutWinner;
    long unjudgedRounds;
    /** CPU time of the client threads inside the window. */
    long cpuNanos;

    void onAccepted(long nanos) {
        attempts++;
        accepted.recordValue(Math.max(1, nanos / 1_000));
    }

    void onRejected(RejectCode code, long nanos) {
        attempts++;
        rejected.merge(code, 1L, Long::sum);
        rejectedLatency.recordValue(Math.max(1, nanos / 1_000));
    }

    void onUnanswered() {
        attempts++;
        unanswered++;
    }

    long acceptedCount() {
        return accepted.getTotalCount();
    }

    Map<String, Long> rejectedByCode() {
        var byName = new TreeMap<String, Long>();
        rejected.forEach((code, count) -> byName.put(code.name(), count));
        return byName;
    }

    void add(PhaseTally other) {
        accepted.add(other.accepted);
        rejectedLatency.add(other.rejectedLatency);
        other.rejected.forEach((code, count) -> rejected.merge(code, count, Long::sum));
        attempts += other.attempts;
        unanswered += other.unanswered;
        resent += other.resent;
        invalidReplies += other.invalidReplies;
        rounds += other.rounds;
        badRounds += other.badRounds;
        roundsWithoutWinner += other.roundsWithoutWinner;
        unjudgedRounds += other.unjudgedRounds;
        cpuNanos += other.cpuNanos;
    }
}
