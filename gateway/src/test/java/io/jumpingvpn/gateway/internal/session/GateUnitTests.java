package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateUnitTests {

    private static final NodeRef A = new NodeRef(new NodeId("a"), 3);

    @Test
    void onlyTheNamedNodesReleaseOfThisTakeOverOrLaterLiftsAHold() {
        var gate = Gate.held(1_000, Optional.of(A), 7, 4);

        assertThat(gate.held()).isTrue();
        assertThat(gate.forwarding()).isFalse();
        assertThat(gate.liftedBy(A, 7)).isTrue();
        assertThat(gate.liftedBy(A, 9)).isTrue();
        assertThat(gate.liftedBy(A, 6)).as("a release of an earlier take-over").isFalse();
        assertThat(gate.liftedBy(new NodeRef(new NodeId("a"), 4), 7))
                .as("another epoch")
                .isFalse();
        assertThat(gate.liftedBy(new NodeRef(new NodeId("b"), 3), 7))
                .as("another node")
                .isFalse();
    }

    @Test
    void aHoldThatNamesNobodyEndsOnlyWithItsTime() {
        var gate = Gate.held(1_000, Optional.empty(), 7, 4);

        assertThat(gate.liftedBy(A, 7)).isFalse();
        assertThat(gate.heldUntilNanos()).isEqualTo(1_000);
        assertThat(Gate.open().forwarding()).isTrue();
        assertThat(Gate.open().liftedBy(A, 7)).isFalse();
    }
}
