package io.jumpingvpn.protocol.state;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.TerminationCode;
import java.util.List;

/** What a {@link SessionLedger} did with an event or a commit. */
public sealed interface Step {

    /** A transition detected while the transport is dead: applied locally, not committed, tentatively numbered. */
    record Pending(Transition transition) implements Step {
        public Pending {
            requireNonNull(transition, "transition");
        }
    }

    /**
     * The event needs a commit before it counts; nothing changed yet. The gateway commits {@code proposal} to the store
     * expecting {@code expectedVersion}; the agent sends it to the gateway as a STATE_UPDATE proposal. Either then
     * calls {@link SessionLedger#commit} with what was committed.
     */
    record Proposed(Transition proposal, long expectedVersion) implements Step {
        public Proposed {
            requireNonNull(proposal, "proposal");
        }
    }

    /**
     * A commit was applied. The last transition is the committed one; any before it are the pending transitions it
     * committed together (status COMMITTED), or that the authority did not record (status LOCAL).
     */
    record Committed(List<Transition> transitions) implements Step {
        public Committed {
            transitions = List.copyOf(transitions);
            if (transitions.isEmpty()) {
                throw new IllegalArgumentException("a commit has at least one transition");
            }
        }

        public Transition last() {
            return transitions.getLast();
        }
    }

    /**
     * The session is terminated, locally and for good. The last transition is the termination; any before it are the
     * pending transitions it takes along. The gateway commits the termination to the store if it can, then may record
     * the version with {@link SessionLedger#commit}.
     */
    record Terminated(List<Transition> transitions, TerminationCode code) implements Step {
        public Terminated {
            transitions = List.copyOf(transitions);
            requireNonNull(code, "code");
            if (transitions.isEmpty()) {
                throw new IllegalArgumentException("a termination has at least one transition");
            }
        }

        public Transition last() {
            return transitions.getLast();
        }
    }

    /** A newer version learned from a signed reject (STALE_VERSION, OWNERSHIP_CONFLICT) was adopted. */
    record VersionAdopted(long previousVersion, long version) implements Step {}

    /** Nothing changed. */
    record Ignored(Reason reason, String detail) implements Step {
        public Ignored {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }

    enum Reason {
        /** None of the events applies in the current state. */
        NO_APPLICABLE_EVENT,
        /** The session is terminated; nothing applies any more. */
        ALREADY_TERMINATED,
        /** The same commit or version was applied before (a retransmission). */
        DUPLICATE,
        /** The commit does not fit the current state (for example a reattach commit while not RECOVERING). */
        NOT_APPLICABLE
    }
}
