package io.jumpingvpn.deploy.bench.reattach;

import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.protocol.RejectCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The counts of the reattaches scheduled inside the measured window. Touched by the client's one thread only. */
final class ReattachTally {

    private final Histogram latencies = LatencyMs.newMicrosHistogram();
    private final Histogram fromSchedule = LatencyMs.newMicrosHistogram();
    private final Histogram sendLags = LatencyMs.newMicrosHistogram();
    private final Map<RejectCode, Long> rejected = new EnumMap<>(RejectCode.class);
    private long attempts;
    private long accepted;
    private long unanswered;
    private long skippedBusy;
    private long invalidReplies;
    private long resent;
    private long clientCpuNanos;
    private long gatewayCpuNanos;
    private long wallNanos;

    void onAttempt() {
        attempts++;
    }

    void onSent(long lagNanos) {
        sendLags.recordValue(Math.max(0, lagNanos / 1_000));
    }

    /** An accepted reattach: request sent to ACK verified, and its slot's scheduled instant to ACK verified. */
    void onAccepted(long latencyNanos, long fromScheduleNanos) {
        accepted++;
        latencies.recordValue(Math.max(1, latencyNanos / 1_000));
        fromSchedule.recordValue(Math.max(1, fromScheduleNanos / 1_000));
    }

    void onRejected(RejectCode code) {
        rejected.merge(code, 1L, Long::sum);
    }

    void onUnanswered() {
        unanswered++;
    }

    void onSkippedBusy() {
        attempts++;
        skippedBusy++;
    }

    void onInvalidReply() {
        invalidReplies++;
    }

    void onResent() {
        resent++;
    }

    void window(long clientCpuNanos, long gatewayCpuNanos, long wallNanos) {
        this.clientCpuNanos = clientCpuNanos;
        this.gatewayCpuNanos = gatewayCpuNanos;
        this.wallNanos = wallNanos;
    }

    long attempts() {
        return attempts;
    }

    long accepted() {
        return accepted;
    }

    long unanswered() {
        return unanswered;
    }

    long skippedBusy() {
        return skippedBusy;
    }

    long invalidReplies() {
        return invalidReplies;
    }

    long resent() {
        return resent;
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> rejectedByCode() {
        var byName = new TreeMap<String, Long>();
        rejected.forEach((code, count) -> byName.put(code.name(), count));
        return byName;
    }

    Histogram latencies() {
        return latencies;
    }

    Histogram fromSchedule() {
        return fromSchedule;
    }

    Histogram sendLags() {
        return sendLags;
    }

    long clientCpuNanos() {
        return clientCpuNanos;
    }

    long gatewayCpuNanos() {
        return gatewayCpuNanos;
    }

    long wallNanos() {
        return wallNanos;
    }
}
