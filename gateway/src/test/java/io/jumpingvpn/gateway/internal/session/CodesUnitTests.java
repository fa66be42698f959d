package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodesUnitTests {

    @Test
    void storeFactsTheAgentCannotActOnAreStoreUnavailable() {
        for (var code : new StoreRejectCode[] {
            StoreRejectCode.LEASE_EXPIRED,
            StoreRejectCode.STORE_STATE_LOST,
            StoreRejectCode.RECORD_CORRUPT,
            StoreRejectCode.SESSION_EXISTS,
            StoreRejectCode.NOT_COMMITTED,
            StoreRejectCode.STORE_UNAVAILABLE
        }) {
            assertThat(Codes.reattachReject(code)).as(code.name()).isEqualTo(RejectCode.STORE_UNAVAILABLE);
        }
    }

    @Test
    void sharedNamesMapToThemselves() {
        for (var code : new StoreRejectCode[] {
            StoreRejectCode.SESSION_NOT_FOUND,
            StoreRejectCode.SESSION_EXPIRED,
            StoreRejectCode.INVALID_STATE,
            StoreRejectCode.STALE_VERSION,
            StoreRejectCode.OWNERSHIP_CONFLICT,
            StoreRejectCode.REPLAY_DETECTED
        }) {
            assertThat(Codes.reattachReject(code).name()).isEqualTo(code.name());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreRejectCode.class)
    void aHandshakeIsOnlyEverAnsweredWithAHandshakeCode(StoreRejectCode code) {
        assertThat(Codes.handshakeReject(code).appliesToHandshake()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SessionState.class)
    void statesConvertBothWays(SessionState state) {
        assertThat(Codes.toProtocol(Codes.toStore(state))).isEqualTo(state);
    }
}
