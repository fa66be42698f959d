package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionReplyUnitTests {

    private static String success(String format, String state, String reason) {
        return success(format, state, reason, "", "0");
    }

    private static String success(String format, String state, String reason, String previousOwner, String until) {
        return String.join(
                "\n",
                "1",
                "0",
                "1000",
                "1",
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
                reason,
                previousOwner,
                until);
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
            assertThat(record.previousOwner()).isEmpty();
            assertThat(record.handoverUntilMs()).isZero();
        });
    }

    @Test
    void aSuccessCarriesThePreviousOwnerAndItsHandoverDeadline() {
        var decoded = SessionReply.decode(success("1", "ATTACHED", "", "gw.b-1:9", "1500"));

        assertThat(decoded).isInstanceOfSatisfying(SessionReply.Success.class, s -> {
            assertThat(s.record().previousOwner()).hasValue(new NodeRef(new NodeId("gw.b-1"), 9));
            assertThat(s.record().handoverUntilMs()).isEqualTo(1_500);
        });
        // After a chain of take-overs only the time ends the wait: a deadline without anybody named.
        assertThat(SessionReply.decode(success("1", "ATTACHED", "", "", "1500")))
                .isInstanceOfSatisfying(SessionReply.Success.class, s -> {
                    assertThat(s.record().previousOwner()).isEmpty();
                    assertThat(s.record().handoverUntilMs()).isEqualTo(1_500);
                });
        assertThatThrownBy(() -> SessionReply.decode(success("1", "ATTACHED", "", "n1:2", "0")))
                .hasMessageContaining("differ from the owner");
        assertThatThrownBy(() -> SessionReply.decode(success("1", "ATTACHED", "", "gw-b", "0")))
                .hasMessageContaining("bad node reference");
    }

    @Test
    void aRefusalCarriesCodeVersionAndDetail() {
        var decoded = SessionReply.decode("0\nSTALE_VERSION\n5\nexpected 3, stored 5");

        assertThat(decoded)
                .isEqualTo(new SessionReply.Refusal(StoreRejectCode.STALE_VERSION, 5, "expected 3, stored 5"));
    }

    @Test
    void aRecordOfAnotherFormatOrBreakingTheContractIsRefused() {
        assertThatThrownBy(() -> SessionReply.decode(success("2", "ATTACHED", "")))
                .hasMessageContaining("format '2'");
        assertThatThrownBy(() -> SessionReply.decode(success("1", "TERMINATED", "")))
                .hasMessageContaining("terminationReason");
        assertThatThrownBy(() -> SessionReply.decode("1\n0")).hasMessageContaining("expected more");
        assertThatThrownBy(() -> SessionReply.decode(success("1", "ATTACHED", "") + "\nextra"))
                .hasMessageContaining("more than 23 values");
        assertThatThrownBy(() -> SessionReply.decode("2\nx")).hasMessageContaining("neither 0 nor 1");
        assertThatThrownBy(
                        () -> SessionReply.decode(success("1", "ATTACHED", "").replace("\n3\n", "\nthree\n")))
                .hasMessageContaining("'three' is not an integer");
    }

    @Test
    void aRefusalDetailIsTheRestOfTheReply() {
        var decoded = SessionReply.decode("0\nRECORD_CORRUPT\n-1\nsession s: bad binding\nand more");

        assertThat(decoded)
                .isEqualTo(new SessionReply.Refusal(
                        StoreRejectCode.RECORD_CORRUPT, -1, "session s: bad binding\nand more"));
    }

    @Test
    void malformedRequestOutcomesAreRefused() {
        assertThat(SessionReply.requests("")).isEmpty();
        for (var bad : List.of(
                "r1 n1 2 C",
                "r1 n1 2 1 C ",
                "r1 n1 2 1 CC",
                "r1 n1 2 1 X",
                "r1  n1 2 1 C",
                "r1 n1 x 1 C",
                "r1 n1 2 1 C;",
                ";r1 n1 2 1 C",
                "r1 n1 2 1 C;;r2 n1 2 3 C",
                "r1 n1 2 1 C;r2 n1 2 3")) {
            assertThatThrownBy(() -> SessionReply.requests(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad request outcome");
        }
        assertThat(SessionReply.requests("a n1 1 1 C;b.c n-2 12 30 F"))
                .extracting(o -> o.request().value(), o -> o.node().toString(), RequestOutcome::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "n1@1", 1L),
                        org.assertj.core.groups.Tuple.tuple("b.c", "n-2@12", 30L));
    }
}
