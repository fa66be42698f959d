package io.jumpingvpn.chaos.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The unsafe last-write-wins store, over the real in-memory store: a lost race is reported as won. */
class LastWriteWinsStoreUnitTests {

    private final InMemorySessionStore real = new InMemorySessionStore();
    private final LastWriteWinsStore lww = new LastWriteWinsStore(real);

    private NodeRef register(String node) {
        var result = real.registerNode(new NodeId(node), Duration.ofMinutes(1))
                .toCompletableFuture()
                .join();
        return ((StoreResult.Committed<NodeLease>) result).value().node();
    }

    private static ReattachCommit reattach(SessionId id, long expected, long nonce, NodeRef node) {
        return new ReattachCommit(
                id,
                expected,
                nonce,
                new RequestId("r-" + node.node() + "-" + nonce),
                node,
                new Binding("udp", "127.0.0.1:" + (40_000 + nonce)));
    }

    @Test
    void theLoserOfARaceIsToldItWonAtTheVersionItsWriteWouldHaveSetWithNobodyToWaitFor() {
        var a = register("a");
        var b = register("b");
        var c = register("c");
        var id = real.newSessionId();
        real.create(new CreateSession(
                        id,
                        AgentPublicKey.of(new byte[32]),
                        a,
                        new Binding("udp", "127.0.0.1:40000"),
                        new RequestId("birth"),
                        Duration.ofHours(1),
                        "default"))
                .toCompletableFuture()
                .join();

        var winner = lww.reattach(reattach(id, 1, 1, b)).toCompletableFuture().join();
        var loser = lww.reattach(reattach(id, 1, 2, c)).toCompletableFuture().join();
        var honest = real.reattach(reattach(id, 1, 3, c)).toCompletableFuture().join();

        assertThat(winner).isInstanceOf(StoreResult.Committed.class);
        var won = ((StoreResult.Committed<SessionRecord>) loser).value();
        assertThat(won.version()).isEqualTo(3);
        assertThat(won.owner()).isEqualTo(c);
        assertThat(won.previousOwner()).isEmpty();
        assertThat(won.handoverUntilMs()).isZero();
        assertThat(honest).isInstanceOfSatisfying(StoreResult.Rejected.class, rejected -> assertThat(rejected.code())
                .isEqualTo(StoreRejectCode.OWNERSHIP_CONFLICT));
        // The real store still names the real winner.
        var stored = real.read(id).toCompletableFuture().join();
        assertThat(((ReadResult.Found) stored).record().owner()).isEqualTo(b);
    }

    @Test
    void otherRefusalsPassThroughUnchanged() {
        var a = register("a");
        var unknown = lww.reattach(reattach(real.newSessionId(), 1, 1, a))
                .toCompletableFuture()
                .join();

        assertThat(unknown).isInstanceOfSatisfying(StoreResult.Rejected.class, rejected -> assertThat(rejected.code())
                .isEqualTo(StoreRejectCode.SESSION_NOT_FOUND));
    }
}
