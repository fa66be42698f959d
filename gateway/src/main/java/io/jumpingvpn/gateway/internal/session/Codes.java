package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.store.StoreRejectCode;

/**
 * The explicit mappings between the store's vocabulary and the protocol's. Store facts an agent cannot act on
 * ({@code LEASE_EXPIRED}: this node may not commit; {@code STORE_STATE_LOST}; {@code RECORD_CORRUPT}; and the codes a
 * correct gateway never provokes) all reach the agent as {@code STORE_UNAVAILABLE}: "not here, not now".
 */
final class Codes {

    private Codes() {}

    /** The REATTACH_REJECT code for a store refusal of a reattach commit or lookup. */
    static RejectCode reattachReject(StoreRejectCode code) {
        return switch (code) {
            case SESSION_NOT_FOUND -> RejectCode.SESSION_NOT_FOUND;
            case SESSION_EXPIRED -> RejectCode.SESSION_EXPIRED;
            case INVALID_STATE -> RejectCode.INVALID_STATE;
            case STALE_VERSION -> RejectCode.STALE_VERSION;
            case OWNERSHIP_CONFLICT -> RejectCode.OWNERSHIP_CONFLICT;
            case REPLAY_DETECTED -> RejectCode.REPLAY_DETECTED;
            case STORE_UNAVAILABLE, LEASE_EXPIRED, STORE_STATE_LOST, RECORD_CORRUPT, SESSION_EXISTS, NOT_COMMITTED ->
                RejectCode.STORE_UNAVAILABLE;
        };
    }

    /** The HANDSHAKE_REJECT code for a store refusal of a create (only handshake codes are allowed on the wire). */
    static RejectCode handshakeReject(StoreRejectCode code) {
        return code == StoreRejectCode.REPLAY_DETECTED ? RejectCode.REPLAY_DETECTED : RejectCode.STORE_UNAVAILABLE;
    }

    /** The store's name of a protocol state (the two enums share their names). */
    static io.jumpingvpn.store.SessionState toStore(SessionState state) {
        return io.jumpingvpn.store.SessionState.valueOf(state.name());
    }

    /** The protocol's name of a store state. */
    static SessionState toProtocol(io.jumpingvpn.store.SessionState state) {
        return SessionState.valueOf(state.name());
    }
}
