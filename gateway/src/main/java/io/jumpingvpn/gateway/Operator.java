package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

/**
 * Who asked for an administrative action (migration, drain, failover, termination): carried into the audit events it
 * causes. 1 to 128 printable ASCII characters without spaces, e.g. {@code alice}, {@code ops-token:alice},
 * {@code signal:SIGTERM}.
 */
public record Operator(String name) {

    /** The node itself, acting on a signal (SIGTERM: drain). */
    public static final Operator SIGTERM = new Operator("signal:SIGTERM");

    public Operator {
        requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 128) {
            throw new IllegalArgumentException("an operator name is 1 to 128 characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "an operator name is printable ASCII without spaces, got character " + (int) c);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
