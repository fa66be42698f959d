package io.jumpingvpn.chaos.history;

/**
 * One line of {@code history.jsonl}: an operation of a runner process, a nemesis fault starting or ending, the heal of
 * every fault, or the runner killing a process.
 */
public sealed interface HistoryEvent permits Operation, FaultEvent, Heal, ProcessExit {

    /** CLOCK_MONOTONIC nanoseconds of the host. */
    long monoNs();
}
