package io.jumpingvpn.protocol.channel;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.TunnelMessage;

/** What {@link SecureChannel#open} made of a sealed frame. */
public sealed interface OpenResult {

    /** Authentic, fresh and well formed. */
    record Opened(TunnelMessage message, long counter) implements OpenResult {
        public Opened {
            requireNonNull(message, "message");
        }
    }

    /** Refused; nothing changed except that a {@link Failure#MALFORMED_BODY} frame used up its counter. */
    record Rejected(Failure failure) implements OpenResult {
        public Rejected {
            requireNonNull(failure, "failure");
        }
    }

    /** Why a sealed frame was refused, in the order the checks run. */
    enum Failure {
        /** Another session's frame. */
        WRONG_SESSION,
        /**
         * Sealed under another attachment (an older binding, or one this side has not learned of): the agent refuses
         * data from a binding older than its latest this way.
         */
        WRONG_ATTACHMENT,
        /** A counter already accepted. */
        REPLAYED,
        /** A counter behind the replay window. */
        TOO_OLD,
        /** The tag does not verify: forged, corrupted, or sealed with other keys. */
        AUTH_FAILED,
        /** Authentic but not a valid body of its type: the peer broke the protocol (terminate, FATAL_PROTOCOL_ERROR). */
        MALFORMED_BODY
    }
}
