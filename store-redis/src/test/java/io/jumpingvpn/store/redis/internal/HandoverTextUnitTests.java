package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.SessionId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandoverTextUnitTests {

    private static final NodeRef A = new NodeRef(new NodeId("gw-a"), 7);
    private static final NodeRef B = new NodeRef(new NodeId("gw-b"), 9);
    private static final SessionId S = new SessionId("sid_1-x");

    @Test
    void aQueuedListReadsAsTheDisplacedNodesHandovers() {
        var handovers =
                HandoverText.entries("sid_1-x 3 REATTACH gw-b 9;other 12 TERMINATE;sid_1-x 5 TRANSFER gw-c 11", A);

        assertThat(handovers)
                .containsExactly(
                        new Handover(S, 3, A, Optional.of(B), CommitKind.REATTACH),
                        new Handover(new SessionId("other"), 12, A, Optional.empty(), CommitKind.TERMINATE),
                        new Handover(S, 5, A, Optional.of(new NodeRef(new NodeId("gw-c"), 11)), CommitKind.TRANSFER));
        assertThat(HandoverText.entries("", A)).isEmpty();
        assertThat(HandoverText.ackOf(handovers.getLast())).isEqualTo("sid_1-x 5");
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThatThrownBy(() -> HandoverText.entries("sid 3 REATTACH gw-b", A)).hasMessageContaining("bad hand-over");
        assertThatThrownBy(() -> HandoverText.entries("sid 3 REATTACH gw-b 9;", A))
                .hasMessageContaining("bad hand-over");
        assertThatThrownBy(() -> HandoverText.entries("sid x TERMINATE", A)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> HandoverText.entries("sid 3 TERMINATE gw-b 9", A))
                .hasMessageContaining("no new owner");
    }

    @Test
    void publishedHandoversAreKeptOnlyForTheWatchersEpoch() {
        assertThat(HandoverText.handoverMessage("7 sid_1-x 3 REATTACH gw-b 9", A))
                .hasValue(new Handover(S, 3, A, Optional.of(B), CommitKind.REATTACH));
        assertThat(HandoverText.handoverMessage("6 sid_1-x 3 REATTACH gw-b 9", A))
                .isEmpty();
        assertThat(HandoverText.handoverChannel("jvpn", A.node())).isEqualTo("jvpn:handover:gw-a");
    }

    @Test
    void aReleaseTravelsToTheNewOwnersEpoch() {
        var release = new Release(S, 3, A, B);
        var message = HandoverText.releaseMessage(release);

        assertThat(message).isEqualTo("9 sid_1-x 3 gw-a 7");
        assertThat(HandoverText.releaseMessage(message, B)).hasValue(release);
        assertThat(HandoverText.releaseMessage(message, new NodeRef(B.node(), 10)))
                .isEmpty();
        assertThat(HandoverText.releaseChannel("jvpn", B.node())).isEqualTo("jvpn:release:gw-b");
        assertThatThrownBy(() -> HandoverText.releaseMessage("9 sid 3 gw-a", B)).hasMessageContaining("bad release");
    }
}
