package io.jumpingvpn.agent.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.internal.recovery.RecoveryWindow;
import io.jumpingvpn.protocol.wire.Candidate;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The agent's effort to be attached: the birth (handshakes until a session exists) or one recovery (reattaches from
 * the moment the session left its transport until it is ATTACHED again). It is bounded by its window; it goes round the
 * candidates in rank order ({@link #tried}), may be told which candidate to try next ({@link #preferred}, after a
 * redirect or a retry on the same candidate), and may have to wait ({@link #retryAtNanos}) after a refusal.
 * Loop-confined state of {@link AgentCore}.
 */
final class AttachCampaign {

    final RecoveryWindow window;
    /** Empty for the birth; for a recovery, why and from where the session left. */
    final Optional<AgentEvent.LossCause> cause;

    final Optional<Candidate> previous;
    final Set<Integer> tried = new HashSet<>();
    OptionalInt preferred = OptionalInt.empty();
    long retryAtNanos;
    int backoffs;
    boolean switchCounted;

    private AttachCampaign(
            RecoveryWindow window,
            Optional<AgentEvent.LossCause> cause,
            Optional<Candidate> previous,
            OptionalInt preferred) {
        this.window = requireNonNull(window, "window");
        this.cause = cause;
        this.previous = previous;
        this.preferred = preferred;
        this.retryAtNanos = window.startNanos();
    }

    static AttachCampaign birth(long nowNanos, long windowNanos) {
        return new AttachCampaign(
                new RecoveryWindow(nowNanos, windowNanos), Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    static AttachCampaign recovery(
            long nowNanos, long windowNanos, AgentEvent.LossCause cause, Candidate previous, OptionalInt preferred) {
        return new AttachCampaign(
                new RecoveryWindow(nowNanos, windowNanos), Optional.of(cause), Optional.of(previous), preferred);
    }

    boolean isBirth() {
        return cause.isEmpty();
    }

    long startedNanos() {
        return window.startNanos();
    }
}
