package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import org.junit.jupiter.api.Test;

class PendingReconciliationsUnitTests {

    private final PendingReconciliations pending = new PendingReconciliations();
    private final SessionId session = new SessionId("s1");
    private final NodeRef node = new NodeRef(new NodeId("n1"), 1);

    @Test
    void unknownRequestsAreRememberedPerSessionUntilSettled() {
        var first = new PendingReconciliations.Pending(new RequestId("r1"), node);
        var second = new PendingReconciliations.Pending(new RequestId("r2"), node);
        assertThat(pending.isEmpty(session)).isTrue();

        pending.add(session, first);
        pending.add(session, second);
        pending.add(session, first);

        assertThat(pending.of(session)).containsExactlyInAnyOrder(first, second);
        assertThat(pending.isEmpty(new SessionId("s2"))).isTrue();
        pending.settle(session, first);
        assertThat(pending.of(session)).containsExactly(second);
        pending.settle(session, second);
        assertThat(pending.isEmpty(session)).isTrue();
        assertThat(pending.sessions()).isZero();
    }
}
