package io.jumpingvpn.chaos.history;

/** Every fault injected so far has been healed. Liveness is judged from the last one. */
public record Heal(long monoNs) implements HistoryEvent {

    public Heal {
        Text.nonNegative(monoNs, "mono_ns");
    }
}
