package io.jumpingvpn.chaos.checker;

import java.util.Set;

/**
 * The reject and termination codes of the system brief (section 5). The checker keeps its own copy on purpose: it judges
 * the system from outside, so a code the system invents without the brief changing is reported, not learned.
 */
public final class Codes {

    public static final Set<String> REJECT = Set.of(
            "SESSION_NOT_FOUND",
            "SESSION_EXPIRED",
            "INVALID_STATE",
            "AUTH_FAIL",
            "FRESHNESS_INVALID",
            "REPLAY_DETECTED",
            "STALE_VERSION",
            "OWNERSHIP_CONFLICT",
            "POLICY_DENY",
            "RATE_LIMITED",
            "STORE_UNAVAILABLE");

    public static final Set<String> TERMINATION = Set.of(
            "SESSION_TTL_EXPIRED",
            "TRANSPORT_LOSS_TTL_EXPIRED",
            "RECOVERY_WINDOW_EXCEEDED",
            "OWNERSHIP_UNPROVEN",
            "STORE_STATE_LOST",
            "OPERATOR_TERMINATE",
            "FATAL_PROTOCOL_ERROR");

    private Codes() {}
}
