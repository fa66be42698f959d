package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Whether a node should receive traffic now, and if not, why: one readable line per unmet condition. A node is ready
 * only while its store answers, it can prove its lease, the store's incarnation is the one it registered with, and it is
 * not draining ({@link Gateway#readiness()}). Immutable.
 *
 * @param reasons the unmet conditions, empty when the node is ready
 */
public record Readiness(List<String> reasons) {

    public Readiness {
        reasons = List.copyOf(requireNonNull(reasons, "reasons"));
        for (var reason : reasons) {
            if (reason.isBlank() || reason.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a readiness reason is one non-blank line, got '" + reason + "'");
            }
        }
    }

    public static Readiness ready() {
        return new Readiness(List.of());
    }

    public boolean isReady() {
        return reasons.isEmpty();
    }
}
