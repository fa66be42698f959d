package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.StateTable;
import io.jumpingvpn.protocol.state.Transition;
import java.util.Optional;

/**
 * A live-transport state change (VOLATILE, DEGRADED, back to ATTACHED). The agent {@link Kind#PROPOSE proposes} one it
 * detected, at its confirmed {@code version}; the gateway commits it to the store and announces the
 * {@link Kind#COMMIT commit} at the new {@code version}; the agent confirms by carrying that version in its heartbeats.
 * Only quality events travel here: handshakes and reattaches are confirmed by their ACKs, terminations by TERMINATE,
 * and transport death is never sent (it is kept locally by the version rule).
 */
public record StateUpdate(Kind kind, SessionState from, SessionState to, SessionEvent event, long version)
        implements TunnelMessage {

    public enum Kind {
        /** Agent to gateway: "I saw this; please commit it". {@code version} is the agent's confirmed version. */
        PROPOSE(1),
        /** Gateway to agent: "committed at {@code version}". */
        COMMIT(2);

        private final int wire;

        Kind(int wire) {
            this.wire = wire;
        }

        public int wireValue() {
            return wire;
        }

        public static Optional<Kind> fromWire(int value) {
            for (var kind : values()) {
                if (kind.wire == value) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public StateUpdate {
        requireNonNull(kind, "kind");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(event, "event");
        WireFormat.checkVersion(version, "version");
        if (!isQualityEvent(event)) {
            throw new IllegalArgumentException("a STATE_UPDATE carries a quality event, got " + event);
        }
        if (!StateTable.allows(from, event, to)) {
            throw new IllegalArgumentException(
                    "the state table has no transition " + from + " --" + event + "--> " + to);
        }
    }

    /**
     * The agent's proposal of a {@code SessionLedger} proposal: {@code from}, {@code to} and {@code event} of
     * {@code proposal}, at the agent's {@code confirmedVersion}.
     */
    public static StateUpdate propose(Transition proposal, long confirmedVersion) {
        requireNonNull(proposal, "proposal");
        return new StateUpdate(Kind.PROPOSE, proposal.from(), proposal.to(), proposal.event(), confirmedVersion);
    }

    /** The gateway's announcement of a transition the store committed. */
    public static StateUpdate commit(Transition committed) {
        requireNonNull(committed, "committed");
        if (committed.status() != Transition.Status.COMMITTED) {
            throw new IllegalArgumentException("announce only committed transitions, got " + committed.status());
        }
        return new StateUpdate(Kind.COMMIT, committed.from(), committed.to(), committed.event(), committed.version());
    }

    /** The committed transition a {@link Kind#COMMIT} announces, for {@code SessionLedger.commit}. */
    public Transition committedTransition() {
        if (kind != Kind.COMMIT) {
            throw new IllegalStateException("a " + kind + " update announces no commit");
        }
        return Transition.committed(from, event, to, version);
    }

    /** Whether {@code event} is one a STATE_UPDATE may carry. */
    public static boolean isQualityEvent(SessionEvent event) {
        return switch (event) {
            case QUALITY_BELOW_FLOOR, VOLATILITY_PERSISTED, QUALITY_RESTORED -> true;
            default -> false;
        };
    }

    @Override
    public MessageType type() {
        return MessageType.STATE_UPDATE;
    }
}
