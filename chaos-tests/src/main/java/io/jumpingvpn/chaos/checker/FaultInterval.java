package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.SourceRef;

/**
 * One injected fault from its start to its end: its {@code fault_end} line, or else the next heal, or else the end of
 * the history ({@code endRecorded} false for the last two).
 */
public record FaultInterval(
        String fault,
        String target,
        String faultId,
        long startMonoNs,
        long endMonoNs,
        boolean endRecorded,
        SourceRef at) {

    public FaultInterval {
        requireNonNull(fault, "fault");
        requireNonNull(target, "target");
        requireNonNull(faultId, "faultId");
        requireNonNull(at, "at");
    }
}
