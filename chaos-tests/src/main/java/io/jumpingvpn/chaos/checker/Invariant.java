package io.jumpingvpn.chaos.checker;

/** The invariants of the system brief, section 8, under the names the report uses. */
public enum Invariant {
    NO_DUAL_ACTIVE(
            "no_dual_active",
            "No two nodes hold a session's forwarding permission at once; no node forwards outside its own while another"
                    + " holds one; no agent accepts a frame from a binding older than its latest."),
    VERSIONS_MONOTONIC(
            "versions_monotonic",
            "In every observer's view (each node, each agent, each runner process) a session's version never goes"
                    + " down."),
    DETERMINISTIC_REJECTION(
            "deterministic_rejection",
            "Every invoke has exactly one completion; every fail carries a known reject code; nothing is left"
                    + " pending."),
    EXPLICIT_TERMINATION(
            "explicit_termination",
            "A session that stops being attached ends with a termination code, and is never resumed after it."),
    LIVENESS_AFTER_HEAL(
            "liveness_after_heal",
            "After the last heal every session that is not terminated is attached again within the liveness bound.");

    private final String key;
    private final String description;

    Invariant(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name in report.json. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
