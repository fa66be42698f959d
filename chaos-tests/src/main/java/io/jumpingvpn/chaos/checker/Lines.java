package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.Operation;

/** How history lines read inside counterexamples. */
final class Lines {

    private Lines() {}

    /** {@code attached at v5 via n2}, {@code state RECOVERING at v6}, {@code terminated at v9 (STORE_STATE_LOST)}. */
    static String describe(AgentEvent event) {
        var text = new StringBuilder(event.event().json());
        event.state().ifPresent(state -> text.append(' ').append(state));
        event.version().ifPresent(version -> text.append(" at v").append(version));
        event.node().ifPresent(node -> text.append(" via ").append(node));
        event.code().ifPresent(code -> text.append(" (").append(code).append(')'));
        return text.toString();
    }

    /** {@code reattach of s1 at n2}. */
    static String subject(Operation op) {
        return op.op()
                + op.session().map(session -> " of " + session).orElse("")
                + op.node().map(node -> " at " + node).orElse("");
    }

    /** {@code fail reattach of s1 at n2, expected v4, code STALE_VERSION}. */
    static String describe(Operation op) {
        var text = new StringBuilder(op.type().json()).append(' ').append(subject(op));
        op.expectedVersion().ifPresent(version -> text.append(", expected v").append(version));
        op.version().ifPresent(version -> text.append(", v").append(version));
        op.code().ifPresent(code -> text.append(", code ").append(code));
        op.detail().ifPresent(detail -> text.append(", ").append(detail));
        return text.toString();
    }
}
