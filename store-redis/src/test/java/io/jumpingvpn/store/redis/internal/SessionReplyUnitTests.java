package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionReplyUnitTests {

    private static List<Object> success(String format, String state, String reason) {
        var reply = new ArrayList<Object>(List.of(1L, 0L, 1_000L, 1L));
        reply.addAll(List.of(
                format,
                "sid1",
                "AAEC",
                state,
                "3",
                "n1",
                "2",
                "udp://192.0.2.1:5",
                "7",
                "1",
                "REATTACH",
                "r1 n1 2 1 C;r2 n2 4 3 F",
                "100",
                "200",
                "900",
                "policy-default",
                reason));
        return reply;
    }

    @Test
    void aSuccessDecodesIntoTheRecord() {
        var decoded = SessionReply.decode(success("1", "ATTACHED", ""));

        assertThat(decoded).isInstanceOfSatisfying(SessionReply.Success.class, s -> {
            assertThat(s.retried()).isFalse();
            assertThat(s.storeNowMs()).isEqualTo(1_000);
            assertThat(s.ownerAlive()).isTrue();
            var record = s.record();
            assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
            assertThat(record.version()).isEqualTo(3);
            assertThat(record.owner()).isEqualTo(new NodeRef(new NodeId("n1"), 2));
            assertThat(record.lastNonce()).isEqualTo(7);
            assertThat(record.recentRequests())
                    .containsExactly(
                            new RequestOutcome(
                                    new RequestId("r1"),
                                    new NodeRef(new NodeId("n1"), 2),
                                    1,
                                    RequestOutcome.Kind.COMMITTED),
                            new RequestOutcome(
                                    new RequestId("r2"),
                                    new NodeRef(new NodeId("n2"), 4),
                                    3,
                                    RequestOutcome.Kind.FENCED));
            assertThat(record.terminationReason()).isEmpty();
            assertThat(record.expiresAtMs()).isEqualTo(900);
        });
    }

    @Test
    void aRefusalCarriesCodeVersionAndDetail() {
        var decoded = SessionReply.decode(List.of(0L, "STALE_VERSION", 5L, "expected 3, stored 5"));

        assertThat(decoded)
                .isEqualTo(new SessionReply.Refusal(StoreRejectCode.STALE_VERSION, 5, "expected 3, stored 5"));
    }

    @Test
    void aRecordOfAnotherFormatOrBreakingTheContractIsRefused() {
        assertThatThrownBy(() -> SessionReply.decode(success("2", "ATTACHED", "")))
                .hasMessageContaining("format '2'");
        assertThatThrownBy(() -> SessionReply.decode(success("1", "TERMINATED", "")))
                .hasMessageContaining("terminationReason");
        assertThatThrownBy(() -> SessionReply.decode(List.of(1L, 0L))).hasMessageContaining("elements");
        assertThatThrownBy(() -> SessionReply.requests("r1 n1 2 C")).hasMessageContaining("bad request outcome");
    }
}
