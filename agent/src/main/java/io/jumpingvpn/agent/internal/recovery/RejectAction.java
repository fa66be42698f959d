package io.jumpingvpn.agent.internal.recovery;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.TerminationCode;

/** What the agent does about a verified REATTACH_REJECT or HANDSHAKE_REJECT ({@link RejectRules}). */
public sealed interface RejectAction {

    /**
     * The session moved on without this agent knowing: adopt {@code currentVersion} (the ledger refuses a regression)
     * and retry at once with a new nonce.
     */
    record AdoptAndRetry(long currentVersion) implements RejectAction {
        public AdoptAndRetry {
            if (currentVersion < 1) {
                throw new IllegalArgumentException("currentVersion must be >= 1, got " + currentVersion);
            }
        }
    }

    /**
     * A passing condition at the gateway or its store: wait the back-off, then retry with a new request, on another
     * candidate first when {@code preferAnotherCandidate}.
     */
    record BackOff(boolean preferAnotherCandidate) implements RejectAction {}

    /** The gateway's policy refused the switch: wait the switch cooldown, then retry. */
    record WaitCooldown() implements RejectAction {}

    /** The session cannot continue: terminate it with {@code code}. */
    record Terminate(TerminationCode code) implements RejectAction {
        public Terminate {
            requireNonNull(code, "code");
        }
    }

    /** A handshake refused for good (the agent is not admitted, or its clock is off): there is no session to end. */
    record GiveUp() implements RejectAction {}
}
