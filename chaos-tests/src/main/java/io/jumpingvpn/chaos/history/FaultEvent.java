package io.jumpingvpn.chaos.history;

/**
 * A nemesis fault starting ({@code fault_start}) or ending ({@code fault_end}); the two lines of one fault share its
 * {@code faultId}.
 *
 * @param fault the kind: {@code partition-redis}, {@code kill-node}, {@code pause-node}, ...
 * @param target what it hits: a node id, {@code redis}, {@code agents-n2}, ... (free text, shown in the report)
 */
public record FaultEvent(long monoNs, boolean start, String process, String fault, String target, String faultId)
        implements HistoryEvent {

    public FaultEvent {
        Text.nonNegative(monoNs, "mono_ns");
        Text.token(process, "process");
        Text.token(fault, "fault");
        Text.free(target, "target");
        Text.free(faultId, "fault_id");
    }

    public static FaultEvent start(long monoNs, String fault, String target, String faultId) {
        return new FaultEvent(monoNs, true, "nemesis", fault, target, faultId);
    }

    public static FaultEvent end(long monoNs, String fault, String target, String faultId) {
        return new FaultEvent(monoNs, false, "nemesis", fault, target, faultId);
    }

    public String kind() {
        return start ? "fault_start" : "fault_end";
    }

    @Override
    public String toString() {
        return kind() + " " + fault + " on " + target + " (" + faultId + ")";
    }
}
