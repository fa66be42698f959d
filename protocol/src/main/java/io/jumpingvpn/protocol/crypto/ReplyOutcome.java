package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import java.util.OptionalLong;

/** What an agent made of a gateway's reply to its handshake or reattach. */
public sealed interface ReplyOutcome {

    /** The ACK verified: the session is attached under new keys. */
    record Established(Attachment attachment) implements ReplyOutcome {
        public Established {
            requireNonNull(attachment, "attachment");
        }
    }

    /**
     * The REJECT verified: the gateway refused this very request with {@code code}. {@code currentVersion} is present
     * for {@code STALE_VERSION} and {@code OWNERSHIP_CONFLICT}: retry at that version (through
     * {@code SessionLedger.adoptVersion}, which catches a regression).
     */
    record Rejected(RejectCode code, OptionalLong currentVersion) implements ReplyOutcome {
        public Rejected {
            requireNonNull(code, "code");
            requireNonNull(currentVersion, "currentVersion");
        }
    }

    /**
     * The reply is not a valid answer to this request: ignore it (it may be forged, stale or meant for another
     * attempt) and keep waiting or retry.
     */
    record Invalid(ReplyProblem problem) implements ReplyOutcome {
        public Invalid {
            requireNonNull(problem, "problem");
        }
    }

    enum ReplyProblem {
        /** It answers another request (handshake id, session id or nonce differ). */
        NOT_FOR_THIS_REQUEST,
        /** The signature does not verify under the pinned gateway key over this request's transcript. */
        BAD_SIGNATURE,
        /** The gateway's ephemeral key is a low-order point. */
        BAD_KEY_AGREEMENT,
        /** A reattach ACK whose version is not above the version the request expected. */
        VERSION_NOT_ADVANCED,
        /** This attempt already ended; a repeated ACK is ignored. */
        ALREADY_COMPLETED
    }
}
